import { z } from "zod";

/** Keys of the operator's side: the /healthz + /metrics endpoint and when to alert (docs/operations.md). */
export const opsEnvShape = {
  OPS_HOST: z.string().default("127.0.0.1"),
  /** "off" starts no endpoint. */
  OPS_PORT: z.union([z.literal("off"), z.coerce.number().int().min(0).max(65535)]).default(9464),
  ALERT_PLATFORM_DOWN_MINUTES: z.coerce.number().positive().default(10),
  ALERT_DISK_MIN_FREE_PERCENT: z.coerce.number().min(0).max(100).default(10),
  /** Where `npm run backup` and the scheduled backups write their archives: best another disk. */
  BACKUP_DIR: z.string().default("backups"),
  /** A node-cron expression (Asia/Shanghai) for scheduled backups; empty = none. */
  BACKUP_CRON: z.string().optional(),
  /** Scheduled backups keep this many archives in BACKUP_DIR, the newest. */
  BACKUP_KEEP: z.coerce.number().int().min(1).default(7),
};
