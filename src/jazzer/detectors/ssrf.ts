/**
 * Server-side request forgery (Jazzer.js's detector "ssrf"): a finding when the process opens a
 * TCP connection or sends UDP to a host and port the configuration does not permit (none by
 * default; custom hooks add some with getBugDetectorConfiguration("ssrf")
 * ?.addPermittedTCPConnection(host, port)). Jazzer.js hooks net.Socket's connect and dgram;
 * Bun's http, https and fetch do not go through net.Socket, so their entry points are hooked too.
 * Host names are compared as given, never resolved ("localhost" is not "127.0.0.1").
 */
import { reportAndThrowFinding } from "../api.ts";
import { registerBeforeHook } from "../hooks.ts";

type Permitted = Map<string, Set<number>>;

function validPort(p: unknown): p is number {
  return typeof p === "number" && Number.isInteger(p) && p >= 0 && p <= 65535;
}

/** Which connections are allowed (Jazzer.js's SSRFConfig API). */
export class SSRFConfig {
  private readonly tcp: Permitted = new Map();
  private readonly udp: Permitted = new Map();

  addPermittedTCPConnection(hostname: string, port: number): this { return this.add(this.tcp, hostname, port); }
  addPermittedUDPConnection(hostname: string, port: number): this { return this.add(this.udp, hostname, port); }
  isPermittedTCPConnection(hostname: string, port?: string | number): boolean { return this.allowed(this.tcp, hostname, port); }
  isPermittedUDPConnection(hostname: string, port?: string | number): boolean { return this.allowed(this.udp, hostname, port); }
  clearPermittedTCPConnections(): this { this.tcp.clear(); return this; }
  clearPermittedUDPConnections(): this { this.udp.clear(); return this; }
  clear(): this { this.tcp.clear(); this.udp.clear(); return this; }

  private add(m: Permitted, hostname: string, port: number): this {
    if (!validPort(port)) throw new Error("Port must be an integer between 0 and 65535");
    m.set(hostname, (m.get(hostname) ?? new Set()).add(port));
    return this;
  }

  /** An invalid or missing port is let through: the original function rejects it itself. */
  private allowed(m: Permitted, hostname: string, port?: string | number): boolean {
    const p = typeof port === "string" ? parseInt(port, 10) : port;
    if (!validPort(p)) return true;
    return m.get(hostname)?.has(p) ?? false;
  }
}

/** The detector's configuration, shared with getBugDetectorConfiguration("ssrf"). */
export const ssrfConfig = new SSRFConfig();

function detect(port: unknown, host: unknown, what: string, udp = false): void {
  if ((typeof port !== "number" && typeof port !== "string") || typeof host !== "string") return;
  const ok = udp ? ssrfConfig.isPermittedUDPConnection(host, port) : ssrfConfig.isPermittedTCPConnection(host, port);
  if (!ok) reportAndThrowFinding(`Server Side Request Forgery (SSRF)\n     ${what} to '${host}' on port: '${port}'\n`);
}

/** net.Socket#connect(options | [options] | port, host?, listener?). */
function tcpConnect(args: unknown[]): void {
  const first = args[0];
  if (typeof first === "number" || typeof first === "string") {
    if (args.length >= 2 && typeof args[1] === "string") detect(first, args[1], "Attempted connection via TCP");
    else detect(first, "localhost", "Attempted connection via TCP");
    return;
  }
  const o = (Array.isArray(first) ? first[0] : first) as { host?: unknown; port?: unknown; path?: unknown } | null;
  if (o === null || typeof o !== "object" || o.path !== undefined) return; // a Unix socket path is not a network connection
  detect(o.port, o.host ?? "localhost", "Attempted connection via TCP");
}

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443, "ws:": 80, "wss:": 443 };

/** Host and port of a URL (string or URL object), or undefined for a relative or malformed one. */
function urlTarget(u: unknown): { host: string; port: number | string } | undefined {
  try {
    const url = u instanceof URL ? u : typeof u === "string" ? new URL(u) : (u as Request | null)?.url ? new URL((u as Request).url) : undefined;
    if (!url || !url.hostname) return undefined;
    return { host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port ? Number(url.port) : (DEFAULT_PORTS[url.protocol] ?? 0) };
  } catch {
    return undefined;
  }
}

/** http(s).request/get(url?, options?, callback?). */
function httpRequest(args: unknown[], defaultPort: number): void {
  const fromUrl = urlTarget(args[0]);
  // A URL that does not parse: the original throws for it, no connection is made.
  if ((typeof args[0] === "string" || args[0] instanceof URL) && !fromUrl) return;
  const opts = (typeof args[0] === "object" && args[0] !== null && !(args[0] instanceof URL) ? args[0] : args[1]) as
    { hostname?: unknown; host?: unknown; port?: unknown; socketPath?: unknown } | undefined;
  if (opts && typeof opts === "object" && opts.socketPath !== undefined) return;
  const host = (opts && typeof opts === "object" ? (opts.hostname ?? opts.host) : undefined) ?? fromUrl?.host ?? "localhost";
  const port = (opts && typeof opts === "object" ? opts.port : undefined) ?? fromUrl?.port ?? defaultPort;
  detect(port, host, "Attempted connection via HTTP");
}

/** Registers the detector's hooks. */
export function installSsrf(): void {
  registerBeforeHook("Socket.prototype.connect", "net", false, (_this, args) => tcpConnect(args));
  registerBeforeHook("connect", "tls", false, (_this, args) => tcpConnect(args));
  for (const fn of ["request", "get"]) {
    registerBeforeHook(fn, "http", false, (_this, args) => httpRequest(args, 80));
    registerBeforeHook(fn, "https", false, (_this, args) => httpRequest(args, 443));
  }
  registerBeforeHook("fetch", "", false, (_this, args) => {
    const t = urlTarget(args[0]);
    if (t) detect(t.port, t.host, "Attempted connection via fetch");
  });
  registerBeforeHook("Bun.connect", "", false, (_this, args) => {
    const o = args[0] as { hostname?: unknown; port?: unknown; unix?: unknown } | undefined;
    if (o && o.unix === undefined) detect(o.port, o.hostname, "Attempted connection via Bun.connect");
  });
  registerBeforeHook("Socket.prototype.connect", "dgram", false, (self, args) => {
    const type = (self as { type?: string } | null)?.type;
    if (type === undefined) return;
    detect(args[0], typeof args[1] === "string" ? args[1] : type === "udp4" ? "127.0.0.1" : "::1", "Attempted connection via UDP", true);
  });
  registerBeforeHook("Socket.prototype.send", "dgram", false, (self, args) => {
    // send(msg, [offset, length,] port, address, callback): connected sockets send without port and address.
    const type = (self as { type?: string } | null)?.type;
    const withRange = typeof args[1] === "number" && typeof args[2] === "number" && args.length > 3;
    const port = withRange ? args[3] : args[1], host = withRange ? args[4] : args[2];
    if (type === undefined || (port === undefined && host === undefined) || typeof port === "function") return;
    detect(port, typeof host === "string" ? host : type === "udp4" ? "127.0.0.1" : "::1", "Attempted a connectionless send via UDP", true);
  });
}
