/** Text written into a regular expression as itself (a name from the database may hold ( or +). */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
