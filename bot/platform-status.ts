import type { PlatformStatus } from "./platform.js";

/**
 * The cell a platform keeps its status in: `up()` when it can reach its chat service, `down(reason)`
 * when it cannot. `since` is when the current state began, so "down for 12 minutes" is read off it;
 * a new reason while already down keeps the original `since` (it is the same outage).
 *
 * @example
 *   const status = createPlatformStatus();
 *   ws.on("open", () => status.up());
 *   ws.on("close", () => status.down("长连接已断开"));
 *   return { …, status: status.get };
 */
export function createPlatformStatus(now: () => Date = () => new Date()) {
  let current: PlatformStatus = { connected: false, since: now(), reason: "未启动" };
  return {
    get: (): PlatformStatus => current,
    up(): void {
      if (!current.connected) current = { connected: true, since: now() };
    },
    down(reason: string): void {
      current = { connected: false, since: current.connected ? now() : current.since, reason };
    },
  };
}
