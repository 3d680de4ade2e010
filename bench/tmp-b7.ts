import { benchWeeklyBulletinQueue } from "./weekly-bulletin-queue.js";

console.log(await benchWeeklyBulletinQueue());
