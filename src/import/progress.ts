// Progress of a long import on stderr: files done of the total, the file at hand, time left. On a
// terminal one line is rewritten in place; elsewhere (a log) a line now and then. Short runs say
// nothing: the summary table follows anyway.
import path from 'node:path';

/** Fewer files than this finish before progress would help. */
const FEW = 5;
/** Seconds between lines when stderr is not a terminal. */
const LOG_EVERY = 10;

const duration = (seconds: number) => (seconds < 60 ? `${Math.ceil(seconds)} 秒` : `${Math.floor(seconds / 60)} 分 ${Math.round(seconds % 60)} 秒`);

export interface Progress {
  /** `file` is being worked on; `done` files of the step are finished */
  at(file: string, done: number): void;
  end(): void;
}

export function progress(step: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const quiet = total < FEW && !stream.isTTY;
  const started = Date.now();
  let lastLog = 0;
  let shown = false;
  return {
    at(file, done) {
      if (quiet || total < 2) return;
      const elapsed = (Date.now() - started) / 1000;
      const left = done > 0 ? `，预计还需 ${duration((elapsed / done) * (total - done))}` : '';
      const line = `${step} ${done}/${total}（${Math.floor((done / total) * 100)}%）：${path.basename(file)}${left}`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line}`);
        shown = true;
      } else if (done === 0 || Date.now() - lastLog >= LOG_EVERY * 1000) {
        stream.write(`${line}\n`);
        lastLog = Date.now();
      }
    },
    end() {
      if (shown) stream.write('\r\x1b[2K');
      else if (!quiet && total >= 2 && !stream.isTTY) stream.write(`${step} ${total}/${total}，用时 ${duration((Date.now() - started) / 1000)}\n`);
    },
  };
}
