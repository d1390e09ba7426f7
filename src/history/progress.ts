/** A progress bar on standard error, drawn only on a terminal and only when the walk is long. */

const WIDTH = 30;
/** Fewer versions than this read too fast to need a bar. */
const LONG_WALK = 40;

export function progressBar(stream: NodeJS.WriteStream = process.stderr): { tick: (done: number, total: number) => void; end: () => void } {
  let drawn = false;
  let last = -1;
  return {
    tick(done, total) {
      if (!stream.isTTY || total < LONG_WALK) return;
      const filled = Math.round((done / total) * WIDTH);
      if (filled === last && done !== total) return;
      last = filled;
      drawn = true;
      stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${done}/${total} versions`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
