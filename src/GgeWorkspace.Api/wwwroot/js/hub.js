// A small client for the SignalR JSON hub protocol over a plain WebSocket (no negotiation: the service accepts
// WebSockets directly). Records are JSON texts ending in the record separator 0x1E. Message types used:
// 1 invocation, 3 completion, 6 ping, 7 close.

const RS = '\u001e';

export class HubConnection {
  constructor(path, tokenFactory) {
    this.path = path;
    this.tokenFactory = tokenFactory;
    this.handlers = new Map();
    this.pending = new Map();
    this.nextInvocationId = 1;
    this.socket = null;
    this.stopped = false;
    this.onreconnected = null;
    this.onstatechange = null;
    this.state = 'disconnected';
    this.buffer = '';
    this.rejoinFailures = 0;
  }

  on(target, handler) {
    if (!this.handlers.has(target)) this.handlers.set(target, []);
    this.handlers.get(target).push(handler);
  }

  setState(state) {
    this.state = state;
    if (this.onstatechange) this.onstatechange(state);
  }

  start() {
    this.stopped = false;
    return this.open();
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}${this.path}?access_token=${encodeURIComponent(this.tokenFactory())}`;
    this.setState('connecting');
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      this.socket = socket;
      this.buffer = '';
      let handshaken = false;
      socket.onopen = () => socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
      socket.onmessage = (event) => {
        this.buffer += event.data;
        const records = this.buffer.split(RS);
        this.buffer = records.pop();
        for (const record of records) {
          if (!record) continue;
          const message = JSON.parse(record);
          if (!handshaken) {
            handshaken = true;
            if (message.error) { reject(new Error(message.error)); socket.close(); return; }
            this.setState('connected');
            this.pingTimer = setInterval(() => this.write({ type: 6 }), 10000);
            resolve();
            continue;
          }
          this.dispatch(message);
        }
      };
      socket.onclose = () => {
        clearInterval(this.pingTimer);
        for (const { reject: fail } of this.pending.values()) fail(new Error('The connection was closed.'));
        this.pending.clear();
        if (!handshaken) reject(new Error('Could not connect to the live service.'));
        this.setState('disconnected');
        if (!this.stopped && handshaken) this.reconnect(1 + this.rejoinFailures);
      };
    });
  }

  async reconnect(attempt) {
    this.setState('reconnecting');
    await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
    if (this.stopped) return;
    try {
      await this.open();
    } catch {
      if (!this.stopped) this.reconnect(attempt + 1);
      return;
    }
    try {
      if (this.onreconnected) await this.onreconnected();
      this.rejoinFailures = 0;
    } catch (error) {
      // Connected but not joined again (the service failed to answer): start over, so joining is retried after a pause.
      console.error(error);
      this.rejoinFailures++;
      this.socket?.close();
    }
  }

  dispatch(message) {
    switch (message.type) {
      case 1: {
        for (const handler of this.handlers.get(message.target) ?? []) {
          try { handler(...message.arguments); } catch (e) { console.error(e); }
        }
        break;
      }
      case 3: {
        const pending = this.pending.get(message.invocationId);
        if (!pending) break;
        this.pending.delete(message.invocationId);
        if (message.error) pending.reject(new HubError(message.error));
        else pending.resolve(message.result);
        break;
      }
      case 7:
        this.closedWithError = message.error ?? null;
        break;
      default:
        break;
    }
  }

  write(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message) + RS);
      return true;
    }
    return false;
  }

  /** Invokes a hub method and resolves with its result (rejects with HubError). */
  invoke(target, ...args) {
    const invocationId = String(this.nextInvocationId++);
    return new Promise((resolve, reject) => {
      this.pending.set(invocationId, { resolve, reject });
      if (!this.write({ type: 1, invocationId, target, arguments: args })) {
        this.pending.delete(invocationId);
        reject(new Error('Not connected.'));
      }
    });
  }

  /** Invokes a hub method without waiting for a result. */
  send(target, ...args) {
    this.write({ type: 1, target, arguments: args });
  }

  stop() {
    this.stopped = true;
    if (this.socket) this.socket.close();
  }
}

/** A failed hub method: the message is the problem details as JSON when the service sent them. */
export class HubError extends Error {
  constructor(message) {
    let problem = null;
    const start = message.indexOf('{');
    if (start >= 0) {
      try { problem = JSON.parse(message.slice(start)); } catch { problem = null; }
    }
    super(problem?.detail ?? problem?.title ?? message);
    this.problem = problem;
  }
}
