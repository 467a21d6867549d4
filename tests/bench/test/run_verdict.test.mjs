// The runner's own arithmetic (run.mjs), without processes: S6's verdict over interleaved
// steady/slow pairs. Run by `tests/bench/run smoke` (node --test).
import assert from 'node:assert/strict';
import test from 'node:test';

import { median, slowMemberVerdict } from '../run.mjs';

test('median takes the middle value, or the mean of the two middle ones', () => {
    assert.equal(median([3.1, 1.9, 2.4]), 2.4);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
});

test('the verdict compares the medians of each side and reports their spread', () => {
    // The three single-pair S6 runs of README "Performance" (ms), which gave −39.9 %, −15.5 %
    // and +5.2 % one pair at a time.
    const verdict = slowMemberVerdict([3.08, 2.75, 1.9], [1.85, 2.33, 2.0]);
    assert.deepEqual(verdict.steady, { median: 2.75, min: 1.9, max: 3.08, spreadPercent: (100 * (3.08 - 1.9)) / 2.75 });
    assert.equal(verdict.slow.median, 2.0);
    assert.equal(verdict.slow.min, 1.85);
    assert.equal(verdict.slow.max, 2.33);
    assert.ok(Math.abs(verdict.changePercent - (100 * (2.0 - 2.75)) / 2.75) < 1e-9);
});

test('one outlying slow run does not move the verdict; a slower middle does', () => {
    const steady = [2.0, 2.1, 2.2];
    const outlier = slowMemberVerdict(steady, [2.0, 2.2, 40]);
    assert.ok(outlier.changePercent <= 20);
    assert.equal(outlier.met, true);
    const slower = slowMemberVerdict(steady, [2.6, 2.7, 2.8]);
    assert.ok(slower.changePercent > 20);
    assert.equal(slower.met, false);
});

test('steady runs that spread wider than the allowed change give no verdict', () => {
    // The same three runs: steady p99s from 1.9 to 3.08 ms, 43 % of their median.
    const wide = slowMemberVerdict([3.08, 2.75, 1.9], [1.85, 2.33, 2.0]);
    assert.equal(wide.resolved, false);
    assert.equal(wide.met, null);
    const tight = slowMemberVerdict([2.0, 2.1, 2.2], [2.1, 2.2, 2.3]);
    assert.equal(tight.resolved, true);
    assert.equal(tight.met, true);
    assert.equal(slowMemberVerdict([2.0, 2.1, 2.2], [2.1, 2.2, 2.3], 5).met, null);
});

test('no runs, or a p99 that is not a positive number, is refused', () => {
    assert.throws(() => slowMemberVerdict([], [2]), RangeError);
    assert.throws(() => slowMemberVerdict([2], []), RangeError);
    assert.throws(() => slowMemberVerdict([0], [2]), RangeError);
    assert.throws(() => slowMemberVerdict([2], [undefined]), RangeError);
});
