// The side-by-side peer against real ws clients that speak the protocol as sirkel_loadgen does:
// authentication with the derived keys (and a refusal for a wrong signature), joins, the
// coalesced epoch, ekey/skd/msg relayed byte for byte, and the refusals the checks give.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import sodium from 'libsodium-wrappers';
import WebSocket from 'ws';

import { deriveBenchIdentity, sodiumReady } from './bench_identity.mjs';
import { lp, u32be, u64be } from './byte_layout.mjs';
import { startPeer } from './peer.mjs';

const SEED = 'peer-test';
const ORIGIN = 'https://localhost:8443';
const groupId = randomBytes(16).toString('base64url');
let directory;
let running;

const b64 = (bytes) => Buffer.from(bytes).toString('base64url');

/** One member's connection: every frame it gets, split on \n, awaited by type. */
class Client {
    static async open(index, { origin = ORIGIN } = {}) {
        const client = new Client(index);
        client.ws = new WebSocket(`ws://127.0.0.1:${running.port}/ws/${groupId}`, { origin });
        client.ws.on('message', (data) => {
            for (const text of data.toString().split('\n')) client.arrived(text);
        });
        await new Promise((resolve, reject) => {
            client.ws.once('open', resolve);
            client.ws.once('unexpected-response', (request, response) =>
                reject(new Error(`HTTP ${response.statusCode}`)),
            );
        });
        return client;
    }

    constructor(index) {
        this.identity = deriveBenchIdentity(SEED, 0, index);
        this.member = b64(this.identity.member);
        this.frames = [];
        this.texts = [];
        this.waiting = null;
    }

    arrived(text) {
        this.frames.push(JSON.parse(text));
        this.texts.push(text);
        this.waiting?.();
    }

    /** The next frame of this type (others are skipped), with its exact text. */
    async next(type, timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const at = this.frames.findIndex((f) => f.t === type);
            if (at >= 0) {
                const [frame] = this.frames.splice(0, at + 1).slice(-1);
                const [text] = this.texts.splice(0, at + 1).slice(-1);
                return { frame, text };
            }
            if (Date.now() > deadline) throw new Error(`no ${type} frame for member ${this.member}`);
            await new Promise((resolve) => {
                this.waiting = resolve;
                setTimeout(resolve, 50);
            });
        }
    }

    /** Whether a frame of this type is among those received and not yet taken. */
    has(type) {
        return this.frames.some((f) => f.t === type);
    }

    send(frame) {
        const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
        this.ws.send(text);
        return text;
    }

    async authenticate(signingKey = this.identity.sigSk) {
        this.send({ t: 'hello', v: 1 });
        const { frame } = await this.next('challenge');
        const signed = Buffer.concat([
            lp('PSG1-auth'),
            lp(ORIGIN),
            Buffer.from(frame.nonce, 'base64url'),
            Buffer.from(groupId, 'base64url'),
            this.identity.member,
        ]);
        this.send({ t: 'auth', member: this.member, sig: b64(sodium.crypto_sign_detached(signed, signingKey)) });
    }

    ekey(epoch, { tamper = false } = {}) {
        const ek = randomBytes(32);
        const parts = epoch.parts.map((p) => Buffer.from(p, 'base64url'));
        const partsHash = sodium.crypto_generichash(
            32,
            Buffer.concat([lp('PSG1-parts'), u32be(parts.length), ...parts]),
        );
        const signed = Buffer.concat([
            lp('PSG1-ekey'),
            Buffer.from(groupId, 'base64url'),
            Buffer.from(epoch.ses, 'base64url'),
            u32be(epoch.ep),
            this.identity.member,
            u64be(epoch.rv),
            Buffer.from(epoch.rh, 'base64url'),
            partsHash,
            tamper ? randomBytes(32) : ek,
        ]);
        const sig = sodium.crypto_sign_detached(signed, this.identity.sigSk);
        return this.send({ t: 'ekey', ses: epoch.ses, ep: epoch.ep, from: this.member, rv: epoch.rv, rh: epoch.rh, ek: b64(ek), sig: b64(sig) });
    }

    skd(epoch) {
        const boxes = epoch.parts
            .filter((p) => p !== this.member)
            .map((to) => ({ to, n: b64(randomBytes(24)), c: b64(randomBytes(228)) }));
        return this.send({ t: 'skd', ses: epoch.ses, ep: epoch.ep, from: this.member, boxes });
    }

    msg(epoch, ctr, { ses = epoch.ses } = {}) {
        return this.send({ t: 'msg', ses, ep: epoch.ep, from: this.member, ctr, k: 1, n: b64(randomBytes(24)), ct: b64(randomBytes(272)), sig: b64(randomBytes(64)) });
    }

    close() {
        this.ws.close();
    }
}

before(async () => {
    await sodiumReady();
    directory = mkdtempSync(path.join(tmpdir(), 'ws-peer-test-'));
    const groups = path.join(directory, 'groups.txt');
    writeFileSync(groups, `0 ${groupId} 3\n1 ${randomBytes(16).toString('base64url')} 4\n`);
    running = await startPeer({ origin: ORIGIN, seed: SEED, groupsFile: groups, epochSetupMs: 60000 });
});

after(async () => {
    await running.peer.close();
    rmSync(directory, { recursive: true, force: true });
});

test('an upgrade from another origin gets 403', async () => {
    await assert.rejects(Client.open(0, { origin: 'https://elsewhere.example' }), /HTTP 403/);
});

test('auth with another member key is auth_failed; the right key is authed', async () => {
    const client = await Client.open(1);
    await client.authenticate(deriveBenchIdentity(SEED, 0, 2).sigSk);
    const { frame: refusal } = await client.next('error');
    assert.equal(refusal.code, 'auth_failed');
    assert.equal(refusal.ref, 'auth');
    assert.equal(client.has('authed'), false);
    await client.authenticate();
    const { frame: authed } = await client.next('authed');
    assert.deepEqual(authed, { t: 'authed', member: client.member, role: 'member' });
    client.close();
});

test('three members join, share one epoch, and ekey, skd and msg are relayed byte for byte', async () => {
    const [chair, second, third] = await Promise.all([0, 1, 2].map((i) => Client.open(i)));
    for (const c of [chair, second, third]) await c.authenticate();
    assert.equal((await chair.next('authed')).frame.role, 'facilitator');
    assert.equal((await second.next('authed')).frame.role, 'member');
    await third.next('authed');

    // Only the facilitator opens the meeting.
    second.send({ t: 'join' });
    assert.equal((await second.next('error')).frame.code, 'no_meeting');
    chair.send({ t: 'join' });
    const { frame: opened } = await chair.next('joined');
    assert.deepEqual(opened.present, [chair.member]);
    second.send({ t: 'join' });
    const { frame: joined } = await second.next('joined');
    assert.deepEqual(joined.present, [chair.member, second.member]);
    assert.equal(joined.ses, opened.ses);
    assert.deepEqual((await chair.next('presence')).frame, { t: 'presence', member: second.member, present: true });
    // One epoch for the three joins: two of three present wait for the coalescing window (2 s
    // after the first join), the third join makes the whole group present and it comes at once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(chair.has('epoch'), false, 'two of three present: the epoch waits');
    const started = Date.now();
    third.send({ t: 'join' });
    await third.next('joined');
    const epochs = await Promise.all([chair, second, third].map((c) => c.next('epoch')));
    assert.ok(Date.now() - started < 1000, 'the whole group present: the epoch comes at once');
    const epoch = epochs[0].frame;
    for (const e of epochs) assert.equal(e.text, epochs[0].text);
    assert.equal(epoch.ep, 1);
    assert.equal(epoch.rv, 3);
    const sorted = [chair, second, third].map((c) => c.identity.member).sort(Buffer.compare).map(b64);
    assert.deepEqual(epoch.parts, sorted);

    // A message before the sender's skd has no sender key.
    chair.msg(epoch, 0);
    assert.equal((await chair.next('error')).frame.code, 'no_sender_key');
    // A forged ekey is refused; a valid one is relayed as sent, once.
    chair.ekey(epoch, { tamper: true });
    assert.equal((await chair.next('error')).frame.code, 'ekey_invalid');
    for (const c of [chair, second, third]) {
        const sent = c.ekey(epoch);
        for (const other of [chair, second, third].filter((o) => o !== c))
            assert.equal((await other.next('ekey')).text, sent);
    }
    chair.ekey(epoch);
    assert.equal((await chair.next('error')).frame.code, 'duplicate');
    for (const c of [chair, second, third]) {
        const sent = c.skd(epoch);
        for (const other of [chair, second, third].filter((o) => o !== c))
            assert.equal((await other.next('skd')).text, sent);
    }

    const sent = chair.msg(epoch, 1);
    assert.equal((await second.next('msg')).text, sent);
    assert.equal((await third.next('msg')).text, sent);
    chair.msg(epoch, 1);
    assert.equal((await chair.next('error')).frame.code, 'ctr_not_increasing');
    chair.msg(epoch, 2, { ses: b64(randomBytes(16)) });
    assert.equal((await chair.next('error')).frame.code, 'wrong_meeting');
    chair.send({ t: 'msg', ses: epoch.ses, ep: epoch.ep, from: second.member, ctr: 3, k: 1, n: b64(randomBytes(24)), ct: b64(randomBytes(272)), sig: b64(randomBytes(64)) });
    assert.equal((await chair.next('error')).frame.code, 'wrong_sender');
    chair.send('{"t":"msg",');
    assert.equal((await chair.next('error')).frame.code, 'not_json');
    assert.equal(chair.has('msg'), false, 'the sender gets no echo');

    // A leave is told to the others and makes a new epoch of the two left.
    third.close();
    assert.deepEqual((await chair.next('presence')).frame, { t: 'presence', member: third.member, present: false });
    const { frame: next } = await second.next('epoch');
    assert.equal(next.ep, 2);
    assert.deepEqual(next.parts, [chair, second].map((c) => c.identity.member).sort(Buffer.compare).map(b64));
    // Messages of epoch 1 are still relayed in its grace period.
    const late = second.msg(epoch, 1);
    assert.equal((await chair.next('msg')).text, late);
    chair.close();
    second.close();
});
