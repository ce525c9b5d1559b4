import type { Socket } from 'node:net';
import type { Engine, Session } from '../engine/types';
import { ByteWriter } from './ByteWriter';
import { executeRequest } from './executeRequest';
import { MessageAssembler, type TdsMessage } from './MessageAssembler';
import { parseLogin7 } from './parseLogin7';
import { buildPreloginResponse } from './prelogin';
import {
  CurCmd,
  DEFAULT_PACKET_SIZE,
  DoneStatus,
  EnvChangeType,
  MAX_PACKET_SIZE,
  MIN_PACKET_SIZE,
  PacketType,
  TokenType,
} from './protocolConstants';
import { TdsProtocolError } from './TdsProtocolError';
import { TransactionTracker } from './TransactionTracker';
import { writeLoginResponse } from './writeLoginResponse';
import { writePackets } from './writePackets';
import { writeDone, writeEnvChangeBytes } from './writeTokens';

type Phase = 'prelogin' | 'login' | 'loggedIn' | 'closed';

const EMPTY = Buffer.alloc(0);
const DEFAULT_DATABASE = 'uhtlive';
/** Each connection keeps its response buffer between requests, up to this size. */
const RETAINED_BUFFER_MAX = 1 << 20;
const RETAINED_BUFFER_INITIAL = 8192;

/**
 * One client connection: PRELOGIN, LOGIN7, then requests answered strictly in arrival order against
 * one engine Session. ATTENTION is handled out of band: it aborts the running request's signal, and
 * after that request's response the server sends the acknowledgement (DONE with DONE_ATTN) as a
 * message of its own, which is what tedious waits for (MS-TDS 3.3.5.9).
 */
export class TdsConnection {
  private phase: Phase = 'prelogin';
  private readonly assembler = new MessageAssembler();
  private readonly out = new ByteWriter(RETAINED_BUFFER_INITIAL);
  private readonly transactions = new TransactionTracker();
  private readonly queue: TdsMessage[] = [];
  private packetSize = DEFAULT_PACKET_SIZE;
  private session: Session | undefined;
  private running = false;
  private controller: AbortController | undefined;
  private attentionAcksOwed = 0;
  private resolveSettled!: () => void;
  /** Resolves once the socket is closed and the session released (after any request still running). */
  readonly settled = new Promise<void>((resolve) => {
    this.resolveSettled = resolve;
  });

  constructor(
    private readonly socket: Socket,
    private readonly engine: Engine,
    private readonly id: number,
    private readonly log: ((msg: string) => void) | undefined,
    /** Hears of each request after login (SQL batch, RPC, transaction manager): one client round trip each. */
    private readonly onRequest: () => void = () => undefined,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.log?.(`connection ${id}: socket error: ${error.message}`));
    socket.on('close', () => this.onClose());
  }

  /** Drop the connection at once (simulator shutdown, protocol violation). */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let messages: TdsMessage[];
    try {
      messages = this.assembler.push(chunk);
    } catch (error) {
      this.fail(error);
      return;
    }
    for (const message of messages) {
      if (message.type === PacketType.Attention) this.onAttention();
      else {
        this.queue.push(message);
        this.pump();
      }
    }
  }

  private onAttention(): void {
    if (this.running) {
      this.attentionAcksOwed++;
      this.controller?.abort();
    } else {
      // The request already finished and its response went out: acknowledge right away.
      this.sendAttentionAck();
    }
  }

  private pump(): void {
    if (this.running || this.phase === 'closed') return;
    const message = this.queue.shift();
    if (message === undefined) return;
    this.running = true;
    this.handle(message)
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.running = false;
        this.controller = undefined;
        while (this.attentionAcksOwed > 0) {
          this.attentionAcksOwed--;
          this.sendAttentionAck();
        }
        if (this.phase === 'closed') this.closeSession();
        else this.pump();
      });
  }

  private async handle(message: TdsMessage): Promise<void> {
    switch (this.phase) {
      case 'prelogin':
        if (message.type !== PacketType.Prelogin)
          throw new TdsProtocolError(`expected PRELOGIN, got packet type ${message.type}`);
        this.phase = 'login';
        this.send(buildPreloginResponse(this.id));
        return;
      case 'login':
        this.login(message);
        return;
      case 'loggedIn':
        await this.request(message);
        return;
      case 'closed':
        return;
    }
  }

  private login(message: TdsMessage): void {
    if (message.type !== PacketType.Login7)
      throw new TdsProtocolError(`expected LOGIN7, got packet type ${message.type}`);
    const login = parseLogin7(message.payload);
    this.packetSize = Math.min(
      MAX_PACKET_SIZE,
      Math.max(MIN_PACKET_SIZE, login.packetSize || DEFAULT_PACKET_SIZE),
    );
    this.session = this.engine.openSession();
    this.phase = 'loggedIn';
    this.out.reset();
    writeLoginResponse(this.out, login.database || DEFAULT_DATABASE, this.packetSize);
    this.send(this.out.view());
  }

  private async request(message: TdsMessage): Promise<void> {
    const session = this.session as Session;
    this.onRequest();
    this.out.reset();
    if (message.ignore) {
      // The client abandoned the request mid-send: answer with a lone DONE (MS-TDS 2.2.1.6).
      writeDone(this.out, TokenType.Done, DoneStatus.Final, CurCmd.None, 0);
      this.send(this.out.view());
      return;
    }
    if (message.resetConnection) {
      const hadTransaction = this.transactions.inTransaction;
      await session.reset();
      if (hadTransaction) this.transactions.rolledBack(this.out);
      writeEnvChangeBytes(this.out, EnvChangeType.ResetConnectionAck, EMPTY, EMPTY);
    }
    const controller = new AbortController();
    this.controller = controller;
    const outcome = await executeRequest(message.type, message.payload, {
      session,
      transactions: this.transactions,
      out: this.out,
      signal: controller.signal,
    });
    this.send(this.out.view());
    this.out.shrink(RETAINED_BUFFER_MAX, RETAINED_BUFFER_INITIAL);
    if (outcome === 'cancelled') this.log?.(`connection ${this.id}: request cancelled by ATTENTION`);
  }

  private sendAttentionAck(): void {
    const ack = new ByteWriter(16);
    writeDone(ack, TokenType.Done, DoneStatus.Attn, CurCmd.None, 0);
    this.send(ack.view());
  }

  private send(payload: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    this.socket.write(writePackets(PacketType.TabularResult, payload, this.packetSize));
  }

  private fail(error: unknown): void {
    this.log?.(`connection ${this.id}: closing: ${error instanceof Error ? error.message : String(error)}`);
    this.socket.destroy();
  }

  private onClose(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.queue.length = 0;
    // A request still running (e.g. waiting on a lock) is cancelled; the session closes when it settles.
    this.controller?.abort();
    if (!this.running) this.closeSession();
  }

  private closeSession(): void {
    const session = this.session;
    this.session = undefined;
    try {
      session?.close();
    } catch (error) {
      this.log?.(
        `connection ${this.id}: closing session: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.resolveSettled();
    }
  }
}
