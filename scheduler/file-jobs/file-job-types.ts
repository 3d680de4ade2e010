import type { Clock } from "../../base/clock.js";
import type { OutboundMessage, OutboundTarget } from "../../base/message.js";
import type { ProofPolicy } from "../../domain/photo-proof.js";
import type { Db } from "../../storage/db.js";
import type { PhotoStore } from "../../storage/photo-store.js";
import type { RunEvent } from "../scheduler.js";

/** What a job's builder has to work with: the database outside any transaction. */
export interface FileJobEnv {
  db: Db;
  photos: PhotoStore;
  /** Stands still at the moment the job was asked for: the file is as of then. */
  clock: Clock;
  proof: ProofPolicy | undefined;
  /** The job's row: who asked, and what its last step saved (null before the first). */
  job: { id: number; personId: number | null; progress: unknown };
  /**
   * One step of a job that works in steps (an import's chunk): `work` runs in its own transaction,
   * and the progress it returns is saved in that transaction (with a message to the asker, if it says
   * one), so a job stopped anywhere carries on after its last committed step. Rejects if the job is no
   * longer this process's (taken over): the step is rolled back.
   */
  step<T>(work: (trx: Db) => Promise<{ progress: T; say?: { key: string; text: string } }>): Promise<T>;
  /** The process is stopping: a job in steps ends after its current step (JobStopped). */
  stopping(): boolean;
  /** How a push run by hand ended (operator alerts, as for a scheduled run). */
  runEnded?: (event: RunEvent) => Promise<void> | void;
}

/** What a job produces: messages to the asking chat unless a target is given. */
export interface FileJobResult {
  messages: { target?: OutboundTarget; key?: string; message: OutboundMessage }[];
  /** Committed with the messages, before them (a push goes out before the asker hears it went). */
  commit?: (trx: Db) => Promise<void>;
  /** Told once the messages are committed. */
  after?: () => Promise<void> | void;
}

export interface FileJobKind {
  /** What the failure message calls it: 排查台账, 一企一档 … */
  what(args: FileJobArgs): string;
  /** The failure message, when 生成…时出错 does not fit. */
  failed?: string;
  build(args: FileJobArgs, env: FileJobEnv): Promise<FileJobResult>;
  /** Told once its asker was told it failed for good. */
  gaveUp?(
    args: FileJobArgs,
    env: Pick<FileJobEnv, "db" | "clock" | "runEnded">,
    reason: string,
  ): Promise<void>;
}

/** What the asking command wrote down (JSON in file_jobs.args_json). */
export type FileJobArgs = Record<string, unknown>;

/** A job in steps ended between two because the process is stopping: the next start carries on. */
export class JobStopped extends Error {}
