// A busy port is named with what holds it: the listening socket's process, read from /proc on Linux.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyPortLines, freePort, holdPort, isPortFree, portHolder } from '../src/index.js';

describe('busy ports', () => {
  let held: Awaited<ReturnType<typeof holdPort>>;
  let port: number;
  beforeAll(async () => {
    held = await holdPort();
    port = held.port;
  });
  afterAll(() => held.close());

  it('names the process that listens on a busy port, one line per busy port, none for a free one', async () => {
    const free = await freePort();
    expect(await isPortFree(port)).toBe(false);
    expect(await isPortFree(free)).toBe(true);
    // This test's own process holds the port: its pid and its command line (node's loader flags left out).
    expect(portHolder(port)).toMatch(new RegExp(`^pid ${process.pid} \\(\\S*node\\b`));
    expect(portHolder(port)).not.toMatch(/--import|--require/);
    expect(
      await busyPortLines([
        { port: free, what: 'free one' },
        { port, what: 'EchoCue mock' },
      ]),
    ).toEqual([`EchoCue mock: port ${port} is busy, held by ${portHolder(port)}`]);
  });

  it('finds no holder for a port nothing listens on', () => {
    expect(portHolder(1)).toBeUndefined(); // nothing listens on port 1 here
  });
});
