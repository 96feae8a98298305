// Messages kept with what they are about (a parse-cache entry, the last build's record) and put
// back on their files when that is read again, so a file not parsed this time still reports them.
import type { VFile } from 'vfile';
import { error, type RuleId, type Say, warning } from '../messages.ts';

export interface StoredMessage {
  reason: string;
  line?: number;
  column?: number;
  ruleId: RuleId;
  fatal?: boolean | null;
}

export const storeMessages = (messages: VFile['messages']): StoredMessage[] =>
  // Every message yaoxun makes carries one of RULES (messages.ts), and only those are stored.
  messages.map((m) => ({ reason: m.reason, line: m.line, column: m.column, ruleId: m.ruleId as RuleId, fatal: m.fatal }));

/** Puts stored messages back on a file, as the run that stored them left them (or says them with `say`: problemsInto's, for a link's problems). */
export function restoreMessages(file: VFile, stored: StoredMessage[], say: Say = { error, warning }) {
  for (const m of stored) (m.fatal ? say.error : say.warning)(file, m.reason, m.line ? { line: m.line, column: m.column ?? 1 } : undefined, m.ruleId);
}
