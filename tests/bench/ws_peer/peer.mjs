// The benchmark's side-by-side peer (issue 6, tests/bench/README.md): a minimal room server on
// Node's ws that the same sirkel_loadgen drives unchanged, so every scenario reports Sirkel's
// figures next to a plain Node implementation's.
//
//   node tests/bench/ws_peer/peer.mjs --port P (--plain | --cert C --key K) --origin O
//        --seed S --groups FILE [--listen 127.0.0.1] [--write-queue-bytes 262144]
//        [--epoch-setup-ms 15000] [--max-frame-bytes 65536]
//
// It does what Sirkel does for the frames the load generator uses (PROTOCOL.md §4, §7, §8.1;
// PSG1.md §5, §8.4), and no more: hello → challenge; auth verified with Ed25519 against the
// members derived from the seed (bench_identity.mjs) → authed, meeting_state; join (the
// facilitator, member 0, opens the meeting; anyone else before it gets no_meeting) → joined,
// floor snapshot, presence to the others; epochs announced as Sirkel does (coalesced 2 s after the
// first unannounced trigger: a join, a leave, a ctr reaching 1000; at once when a join makes the
// whole group present, PSG1.md §5.4; participants that miss their
// ekey or skd within epoch_setup_ms are dropped with epoch_timeout); ekey (signature verified
// over the peer's own parts_hash), skd (one box per other participant) and msg (ses, ep or the
// previous ep within 10 s, from, skd sent, ctr growing) each parsed with JSON.parse, checked, and
// relayed as the received bytes, one buffer for every recipient. A connection whose unsent bytes
// pass write_queue_bytes is cut off (1008), as Sirkel cuts off a slow reader.
//
// Not implemented (the load generator does not use them): rosters, invites, the floor's rules
// (the floor stays open, hands off: anyone may send text), reactions' rate limits, frame-rate
// limits, the 15-minute epoch age, pings, the handshake timeout. The roster version `rv` of an
// epoch is the group's size (the seeding tool makes one version per member) and its hash `rh` a
// stand-in, BLAKE2b-256 of "sirkel-bench-peer|<group id>": the peer has no roster chain, and the
// load generator signs its ekey over whatever the epoch frame says.
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import sodium from 'libsodium-wrappers';
import { WebSocketServer } from 'ws';

import { deriveBenchIdentity, sodiumReady } from './bench_identity.mjs';
import { lp, u32be, u64be } from './byte_layout.mjs';

const COALESCING_MS = 2000;
const PREVIOUS_EPOCH_GRACE_MS = 10000;
const REKEY_CTR = 1000;
const CHALLENGE_TTL_MS = 30000;
const U32_MAX = 0xffffffff;

// The rule sentences of PROTOCOL.md §6 for the codes this peer answers with.
const RULES = {
    frame_too_large: 'a frame is at most max_frame_bytes bytes',
    not_json: 'a frame must be one valid JSON text',
    not_an_object: 'a frame must be a JSON object',
    missing_field: 'the frame type requires this field',
    wrong_type: 'the field has another JSON type',
    out_of_range: "the field's value is outside its range",
    unknown_type: 't must name a client frame type of this protocol',
    bad_encoding: 'binary fields are base64url without padding, of the exact length',
    binary_not_allowed: 'frames are WebSocket text messages',
    unsupported_version: 'the server speaks protocol version 1',
    no_challenge: 'auth and redeem need a fresh challenge from hello, each used once',
    challenge_expired: 'a challenge is valid for challenge_ttl_ms',
    auth_failed:
        "the signature must verify with a member's identity key over this connection's challenge, origin and group",
    already_authenticated: 'a connection authenticates once',
    not_authenticated: 'this frame needs an authenticated connection',
    not_in_meeting: 'this frame needs a joined meeting',
    already_in_meeting: 'a connection joins the meeting once',
    wrong_meeting: 'ses must be the meeting the sender joined',
    wrong_sender: 'from must be the authenticated member',
    roster_stale: "rv and rh must be the group's current roster",
    wrong_epoch: "ep must be the meeting's current epoch (msg: or the previous one, for 10 s)",
    not_a_participant: 'from must be a participant of this epoch',
    ekey_invalid: "the ekey signature must hold over the server's view of this epoch",
    duplicate: 'one ekey and one skd per participant and epoch',
    skd_incomplete: 'an skd has one box for every other participant',
    no_sender_key: 'send skd before msg in an epoch',
    ctr_not_increasing: 'ctr grows per sender and epoch',
    epoch_timeout: 'ekey and skd must come within epoch_setup_ms',
    no_meeting: 'a meeting must be opened before anyone joins it',
};

function errorFrame(code, ref) {
    const frame = { t: 'error', code, rule: RULES[code] };
    if (ref) frame.ref = ref;
    return JSON.stringify(frame);
}

/** PSG1.md §5.1: parts sorted by their bytes, as the server sorts its ids. */
function partsHash(sortedParts) {
    return Buffer.from(
        sodium.crypto_generichash(
            32,
            Buffer.concat([lp('PSG1-parts'), u32be(sortedParts.length), ...sortedParts]),
        ),
    );
}

/** Decodes base64url without padding of exactly `length` bytes, or null. */
function decodeBinary(text, length) {
    if (typeof text !== 'string' || text.length !== Math.ceil((length * 4) / 3)) return null;
    if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
    const bytes = Buffer.from(text, 'base64url');
    return bytes.length === length ? bytes : null;
}

function ed25519PublicKey(raw) {
    return createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
        format: 'jwk',
    });
}

/** Reads the groups file of sirkel_bench_seed and derives every member's id and public key. */
export function loadGroups(groupsFile, runSeed) {
    const groups = new Map();
    for (const line of readFileSync(groupsFile, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const [index, id, size] = line.trim().split(/\s+/);
        const meeting = Number(index);
        const members = new Map();
        for (let i = 0; i < Number(size); ++i) {
            const identity = deriveBenchIdentity(runSeed, meeting, i, { withDh: false });
            members.set(identity.member.toString('base64url'), {
                id: identity.member,
                key: ed25519PublicKey(identity.sigPk),
                role: i === 0 ? 'facilitator' : 'member',
            });
        }
        groups.set(id, {
            id: decodeBinary(id, 16),
            idText: id,
            rv: Number(size),
            rh: Buffer.from(sodium.crypto_generichash(32, `sirkel-bench-peer|${id}`)),
            members,
            connections: new Set(),
            meeting: null,
        });
    }
    return groups;
}

/** A msg's ct: base64url of 16 + 256·k bytes, 1 ≤ k ≤ 64 (PROTOCOL.md §4). */
function isPaddedCiphertext(text) {
    const bytes = (text.length * 3) >> 2;
    if (Math.ceil((bytes * 4) / 3) !== text.length) return false;
    const blocks = (bytes - 16) / 256;
    return Number.isInteger(blocks) && blocks >= 1 && blocks <= 64 && /^[A-Za-z0-9_-]*$/.test(text);
}

/** Field checks of PROTOCOL.md §2 for the few fields the peer reads. */
function checkFields(frame, spec) {
    for (const [name, kind] of Object.entries(spec)) {
        const value = frame[name];
        if (value === undefined) return 'missing_field';
        if (kind === 'u32' || kind === 'u64') {
            if (!Number.isInteger(value)) return 'wrong_type';
            const [low, high] = kind === 'u32' ? [0, U32_MAX] : [1, Number.MAX_SAFE_INTEGER];
            if (value < low || value > high) return 'out_of_range';
        } else if (kind === 'array') {
            if (!Array.isArray(value)) return 'wrong_type';
        } else if (typeof value !== 'string') {
            return 'wrong_type';
        } else if (kind === 'ct') {
            if (!isPaddedCiphertext(value)) return 'bad_encoding';
        } else if (decodeBinary(value, kind) === null) {
            return 'bad_encoding';
        }
    }
    return null;
}

const MSG_FIELDS = { ses: 16, ep: 'u32', from: 16, ctr: 'u32', k: 'u32', n: 24, ct: 'ct', sig: 64 };
const EKEY_FIELDS = { ses: 16, ep: 'u32', from: 16, rv: 'u64', rh: 32, ek: 32, sig: 64 };
const SKD_FIELDS = { ses: 16, ep: 'u32', from: 16, boxes: 'array' };

class Meeting {
    constructor(peer, group) {
        this.peer = peer;
        this.group = group;
        this.ses = randomBytes(16);
        this.sesText = this.ses.toString('base64url');
        this.present = []; // connections, in the order they arrived
        this.next = new Map(); // the next epoch's parts: member text → id bytes
        this.current = null;
        this.previous = null;
        this.announceAt = null;
        this.timer = null;
    }

    trigger(now) {
        if (this.announceAt === null) this.announceAt = now + COALESCING_MS;
    }

    broadcast(frame, except) {
        const data = typeof frame === 'string' ? Buffer.from(frame) : frame;
        for (const connection of this.present)
            if (connection !== except) this.peer.send(connection, data);
    }

    join(connection) {
        const now = Date.now();
        const replaced = this.present.find((c) => c.member === connection.member);
        if (replaced) {
            this.present[this.present.indexOf(replaced)] = connection;
            replaced.meeting = null;
            replaced.ws.close(4001, 'replaced by a newer connection');
        } else {
            this.present.push(connection);
        }
        connection.meeting = this;
        const present = this.present.map((c) => `"${c.member}"`).join(',');
        this.peer.send(connection, `{"t":"joined","ses":"${this.sesText}","present":[${present}]}`);
        if (!replaced)
            this.broadcast(`{"t":"presence","member":"${connection.member}","present":true}`, connection);
        this.peer.send(
            connection,
            `{"t":"floor","fv":1,"cause":"snapshot","mode":"open","chair":"${this.chair}","hands":false,"queue":[]}`,
        );
        this.next.set(connection.member, connection.memberId);
        this.trigger(now);
        // As Sirkel's meeting_epochs: the whole roster present needs no wait for more joins.
        if (this.next.size === this.group.members.size) this.announceAt = now;
        this.drive();
    }

    leave(connection) {
        const at = this.present.indexOf(connection);
        if (at < 0) return;
        this.present.splice(at, 1);
        connection.meeting = null;
        this.broadcast(`{"t":"presence","member":"${connection.member}","present":false}`);
        if (this.next.delete(connection.member)) this.trigger(Date.now());
        if (this.present.length === 0) return this.end();
        this.drive();
    }

    end() {
        clearTimeout(this.timer);
        this.group.meeting = null;
        this.peer.sendMeetingState(this.group);
    }

    /** Runs whatever is due (setup deadlines, an announcement) and sets the timer for the next. */
    drive() {
        const now = Date.now();
        this.expireSetup(now);
        if (this.announceAt !== null && now >= this.announceAt) this.announce(now);
        clearTimeout(this.timer);
        const at = this.nextDeadline();
        if (at !== null) this.timer = setTimeout(() => this.drive(), Math.max(0, at - now));
    }

    announce(now) {
        this.announceAt = null;
        if (this.next.size === 0) return;
        const parts = [...this.next.values()].sort(Buffer.compare);
        const participants = new Map();
        for (const id of parts)
            participants.set(id.toString('base64url'), { ekey: false, skd: false, lastCtr: -1 });
        this.previous = this.current;
        this.current = {
            ep: (this.current?.ep ?? 0) + 1,
            rv: this.group.rv,
            rhText: this.group.rh.toString('base64url'),
            partsHash: partsHash(parts),
            started: now,
            participants,
            setupExpired: false,
        };
        const partsText = parts.map((id) => `"${id.toString('base64url')}"`).join(',');
        this.broadcast(
            `{"t":"epoch","ses":"${this.sesText}","ep":${this.current.ep},"rv":${this.current.rv},"rh":"${this.current.rhText}","parts":[${partsText}]}`,
        );
    }

    setupPending() {
        const e = this.current;
        if (!e || e.setupExpired) return false;
        for (const [member, p] of e.participants)
            if (!(p.ekey && p.skd) && this.next.has(member)) return true;
        return false;
    }

    nextDeadline() {
        let at = this.announceAt;
        if (this.setupPending()) {
            const setupEnd = this.current.started + this.peer.epochSetupMs;
            if (at === null || setupEnd < at) at = setupEnd;
        }
        return at;
    }

    expireSetup(now) {
        const e = this.current;
        if (!e || e.setupExpired || now < e.started + this.peer.epochSetupMs) return;
        e.setupExpired = true;
        let everyEkeyIn = true;
        for (const [member, p] of e.participants)
            if (!p.ekey && this.next.has(member)) everyEkeyIn = false;
        const late = [];
        for (const [member, p] of e.participants)
            if (this.next.has(member) && (!p.ekey || (everyEkeyIn && !p.skd))) late.push(member);
        if (late.length === 0) return;
        for (const member of late) {
            this.next.delete(member);
            const connection = this.present.find((c) => c.member === member);
            if (!connection) continue;
            this.present.splice(this.present.indexOf(connection), 1);
            connection.meeting = null;
            this.broadcast(`{"t":"presence","member":"${member}","present":false}`);
            this.peer.send(connection, errorFrame('epoch_timeout'));
        }
        this.trigger(now);
    }

    onEkey(connection, frame) {
        const e = this.current;
        if (!e || frame.ep !== e.ep) return 'wrong_epoch';
        const sender = e.participants.get(frame.from);
        if (!sender) return 'not_a_participant';
        if (frame.rv !== e.rv || frame.rh !== e.rhText) return 'roster_stale';
        const signed = Buffer.concat([
            lp('PSG1-ekey'),
            this.group.id,
            this.ses,
            u32be(frame.ep),
            connection.memberId,
            u64be(frame.rv),
            this.group.rh,
            e.partsHash,
            decodeBinary(frame.ek, 32),
        ]);
        if (!verify(null, signed, connection.key, decodeBinary(frame.sig, 64))) return 'ekey_invalid';
        if (sender.ekey) return 'duplicate';
        sender.ekey = true;
        return null;
    }

    onSkd(frame) {
        const e = this.current;
        if (!e || frame.ep !== e.ep) return 'wrong_epoch';
        const sender = e.participants.get(frame.from);
        if (!sender) return 'not_a_participant';
        if (frame.boxes.length > 11) return 'out_of_range';
        for (const box of frame.boxes) {
            if (box === null || typeof box !== 'object' || Array.isArray(box)) return 'wrong_type';
            const failure = checkFields(box, { to: 16, n: 24, c: 228 });
            if (failure) return failure;
        }
        const recipients = new Set(frame.boxes.map((box) => box.to));
        if (frame.boxes.length + 1 !== e.participants.size || recipients.size !== frame.boxes.length)
            return 'skd_incomplete';
        for (const to of recipients)
            if (to === frame.from || !e.participants.has(to)) return 'skd_incomplete';
        if (sender.skd) return 'duplicate';
        sender.skd = true;
        return null;
    }

    onMsg(frame, now) {
        let e = null;
        if (this.current && frame.ep === this.current.ep) e = this.current;
        else if (
            this.previous &&
            frame.ep === this.previous.ep &&
            now < this.current.started + PREVIOUS_EPOCH_GRACE_MS
        )
            e = this.previous;
        else return 'wrong_epoch';
        const sender = e.participants.get(frame.from);
        if (!sender) return 'not_a_participant';
        if (!sender.skd) return 'no_sender_key';
        if (frame.ctr <= sender.lastCtr) return 'ctr_not_increasing';
        sender.lastCtr = frame.ctr;
        if (e === this.current && frame.ctr >= REKEY_CTR && this.announceAt === null) {
            this.trigger(now);
            this.drive();
        }
        return null;
    }
}

export class Peer {
    constructor({ groups, origin, writeQueueBytes = 262144, epochSetupMs = 15000, maxFrameBytes = 65536 }) {
        this.groups = groups;
        this.origin = origin;
        this.writeQueueBytes = writeQueueBytes;
        this.epochSetupMs = epochSetupMs;
        this.maxFrameBytes = maxFrameBytes;
        // No permessage-deflate, as Sirkel; the WebSocket layer's hard cap is twice the frame cap.
        this.wss = new WebSocketServer({
            noServer: true,
            perMessageDeflate: false,
            maxPayload: 2 * maxFrameBytes,
            clientTracking: false,
        });
    }

    /** Serves on an http or https server made by the caller; resolves to the bound port. */
    listen(server, port, address) {
        server.on('request', (request, response) => {
            response.writeHead(404).end();
        });
        server.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head));
        this.server = server;
        return new Promise((resolve, reject) => {
            server.once('error', reject);
            // The kernel's limit (SOMAXCONN), as Sirkel's acceptor asks: with Node's default of 511
            // the accept queue overflows when thousands connect at once (S1, S2, S5) and the
            // kernel resets the connections it could not queue.
            server.listen({ port, host: address, backlog: 4096 }, () => resolve(server.address().port));
        });
    }

    close() {
        for (const group of this.groups.values())
            for (const connection of group.connections) connection.ws.terminate();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    upgrade(request, socket, head) {
        const refuse = (status) => {
            socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        };
        if (request.headers.origin !== this.origin) return refuse(403);
        const match = /^\/ws\/([A-Za-z0-9_-]{22})$/.exec(request.url ?? '');
        const group = match ? this.groups.get(match[1]) : undefined;
        if (!group) return refuse(404);
        this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, group));
    }

    accept(ws, group) {
        const connection = { ws, group, challenge: null, challengeExpiry: 0, member: null };
        connection.memberId = null;
        connection.key = null;
        connection.meeting = null;
        ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
        ws.on('close', () => this.onClose(connection));
        ws.on('error', () => {});
    }

    send(connection, data) {
        const ws = connection.ws;
        if (ws.readyState !== 1) return;
        ws.send(data, { binary: false });
        if (ws.bufferedAmount > this.writeQueueBytes) this.cutOff(connection);
    }

    cutOff(connection) {
        // Like Sirkel's slow-reader cut: the socket freed now; its close event takes it out of the
        // meeting after the broadcast that overflowed it. The line is the runner's count (the
        // generator does not read the close of a member that stopped reading).
        process.stdout.write('cut-off\n');
        connection.ws.close(1008, 'write queue over limit');
        connection.ws.terminate();
    }

    sendMeetingState(group) {
        const frame = `{"t":"meeting_state","open":${group.meeting !== null},"away":[],"away_next":[],"term_over":[]}`;
        for (const connection of group.connections) this.send(connection, frame);
    }

    onClose(connection) {
        connection.group.connections.delete(connection);
        connection.meeting?.leave(connection);
    }

    onMessage(connection, data, isBinary) {
        if (isBinary) return this.send(connection, errorFrame('binary_not_allowed'));
        if (data.length > this.maxFrameBytes) return this.send(connection, errorFrame('frame_too_large'));
        let frame;
        try {
            frame = JSON.parse(data.toString('utf8'));
        } catch {
            return this.send(connection, errorFrame('not_json'));
        }
        if (frame === null || typeof frame !== 'object' || Array.isArray(frame))
            return this.send(connection, errorFrame('not_an_object'));
        const type = frame.t;
        if (type === undefined) return this.send(connection, errorFrame('missing_field'));
        if (typeof type !== 'string') return this.send(connection, errorFrame('wrong_type'));
        switch (type) {
            case 'hello':
                return this.onHello(connection, frame);
            case 'auth':
                return this.onAuth(connection, frame);
            case 'join':
                return this.onJoin(connection);
            case 'leave':
                if (!connection.meeting) return this.send(connection, errorFrame('not_in_meeting', 'leave'));
                return connection.meeting.leave(connection);
            case 'msg':
            case 'ekey':
            case 'skd':
                return this.onRelayed(connection, type, frame, data);
            default:
                return this.send(connection, errorFrame('unknown_type', type));
        }
    }

    onHello(connection, frame) {
        if (connection.member) return this.send(connection, errorFrame('already_authenticated', 'hello'));
        if (frame.v !== 1) return this.send(connection, errorFrame('unsupported_version', 'hello'));
        connection.challenge = randomBytes(32);
        connection.challengeExpiry = Date.now() + CHALLENGE_TTL_MS;
        this.send(
            connection,
            `{"t":"challenge","v":1,"group":"${connection.group.idText}","nonce":"${connection.challenge.toString('base64url')}","expires_in_ms":${CHALLENGE_TTL_MS}}`,
        );
    }

    onAuth(connection, frame) {
        if (connection.member) return this.send(connection, errorFrame('already_authenticated', 'auth'));
        const failure = checkFields(frame, { member: 16, sig: 64 });
        if (failure) return this.send(connection, errorFrame(failure, 'auth'));
        const nonce = connection.challenge;
        connection.challenge = null;
        if (!nonce) return this.send(connection, errorFrame('no_challenge', 'auth'));
        if (Date.now() > connection.challengeExpiry)
            return this.send(connection, errorFrame('challenge_expired', 'auth'));
        const group = connection.group;
        const member = group.members.get(frame.member);
        const signed = member
            ? Buffer.concat([lp('PSG1-auth'), lp(this.origin), nonce, group.id, member.id])
            : null;
        if (!member || !verify(null, signed, member.key, decodeBinary(frame.sig, 64)))
            return this.send(connection, errorFrame('auth_failed', 'auth'));
        connection.member = frame.member;
        connection.memberId = member.id;
        connection.key = member.key;
        connection.role = member.role;
        group.connections.add(connection);
        this.send(connection, `{"t":"authed","member":"${frame.member}","role":"${member.role}"}`);
        this.send(
            connection,
            `{"t":"meeting_state","open":${group.meeting !== null},"away":[],"away_next":[],"term_over":[]}`,
        );
    }

    onJoin(connection) {
        if (!connection.member) return this.send(connection, errorFrame('not_authenticated', 'join'));
        if (connection.meeting) return this.send(connection, errorFrame('already_in_meeting', 'join'));
        const group = connection.group;
        if (!group.meeting) {
            if (connection.role !== 'facilitator') return this.send(connection, errorFrame('no_meeting', 'join'));
            group.meeting = new Meeting(this, group);
            group.meeting.chair = connection.member;
            this.sendMeetingState(group);
        }
        group.meeting.join(connection);
    }

    onRelayed(connection, type, frame, data) {
        const spec = type === 'msg' ? MSG_FIELDS : type === 'ekey' ? EKEY_FIELDS : SKD_FIELDS;
        const failure = checkFields(frame, spec);
        if (failure) return this.send(connection, errorFrame(failure, type));
        const meeting = connection.meeting;
        if (!connection.member) return this.send(connection, errorFrame('not_authenticated', type));
        if (!meeting) return this.send(connection, errorFrame('not_in_meeting', type));
        if (frame.from !== connection.member) return this.send(connection, errorFrame('wrong_sender', type));
        if (frame.ses !== meeting.sesText) return this.send(connection, errorFrame('wrong_meeting', type));
        const refusal =
            type === 'msg'
                ? meeting.onMsg(frame, Date.now())
                : type === 'ekey'
                  ? meeting.onEkey(connection, frame)
                  : meeting.onSkd(frame);
        if (refusal) return this.send(connection, errorFrame(refusal, type));
        // The received bytes themselves, one buffer shared by every recipient.
        meeting.broadcast(data, connection);
        if (type !== 'msg') meeting.drive();
    }
}

export async function startPeer({ port = 0, address = '127.0.0.1', cert, key, origin, seed, groupsFile, ...limits }) {
    await sodiumReady();
    const peer = new Peer({ groups: loadGroups(groupsFile, seed), origin, ...limits });
    const server = cert
        ? https.createServer({ cert: readFileSync(cert), key: readFileSync(key) })
        : http.createServer();
    const bound = await peer.listen(server, port, address);
    return { peer, port: bound };
}

async function main() {
    const { values } = parseArgs({
        options: {
            port: { type: 'string', default: '0' },
            listen: { type: 'string', default: '127.0.0.1' },
            plain: { type: 'boolean', default: false },
            cert: { type: 'string' },
            key: { type: 'string' },
            origin: { type: 'string' },
            seed: { type: 'string' },
            groups: { type: 'string' },
            'write-queue-bytes': { type: 'string', default: '262144' },
            'epoch-setup-ms': { type: 'string', default: '15000' },
            'max-frame-bytes': { type: 'string', default: '65536' },
        },
    });
    const usage =
        'usage: peer.mjs --port P (--plain | --cert C --key K) --origin O --seed S --groups FILE';
    if (!values.origin || values.seed === undefined || !values.groups || values.plain === Boolean(values.cert && values.key)) {
        console.error(usage);
        process.exit(2);
    }
    const { peer, port } = await startPeer({
        port: Number(values.port),
        address: values.listen,
        cert: values.plain ? undefined : values.cert,
        key: values.plain ? undefined : values.key,
        origin: values.origin,
        seed: values.seed,
        groupsFile: values.groups,
        writeQueueBytes: Number(values['write-queue-bytes']),
        epochSetupMs: Number(values['epoch-setup-ms']),
        maxFrameBytes: Number(values['max-frame-bytes']),
    });
    const stop = () => peer.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.stdout.write(`listening ${port}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
