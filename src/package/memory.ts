/**
 * Keeps peak memory flat while large files stream through. Each streamed chunk is a Buffer whose
 * bytes live outside V8's heap; V8 frees them only at its next garbage collection, which it may
 * postpone until some 64 MB of such memory has piled up. Streaming hundreds of MB therefore lifts the
 * peak RSS by that much for nothing. Asking for a collection every so many streamed bytes returns the
 * memory as it goes (measured by `npm run bench`). Without a way to ask, nothing happens.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;
let collect: Gc | null | undefined;

function collector(): Gc | null {
  if (collect === undefined) {
    try {
      const existing = (globalThis as { gc?: Gc }).gc;
      if (!existing) v8.setFlagsFromString('--expose-gc');
      collect = existing ?? (vm.runInNewContext('gc') as Gc);
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Counts streamed bytes and collects garbage every `every` bytes. */
export function memoryKeeper(every = 16 * 1024 * 1024): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since >= every) {
      since = 0;
      // A minor collection (a scavenge) is enough: the chunks' wrappers are young objects. It takes ~1 ms.
      collector()?.({ type: 'major' });
    }
  };
}
