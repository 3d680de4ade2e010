import { benchReports } from "./report-throughput.js";

const r = await benchReports(3000, 16);
console.log(r.perSecond.toFixed(0), "p99", r.p99Ms.toFixed(1));
