import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { Mirror } from '../../src/git/mirror.ts';
import { tempDir } from '../helpers/tmp.ts';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

// SPEC §5: no network access other than the configured git URLs. A compromised mirror answering
// with a redirect must not send the fetch to another host (git follows the first redirect by default).
test('a fetch does not follow an HTTP redirect to a URL that is not configured', async () => {
  const hits: string[] = [];
  const elsewhere = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(404).end();
  });
  const elsewherePort = await listen(elsewhere);
  const mirrorServer = createServer((req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${elsewherePort}${req.url ?? '/'}` }).end();
  });
  const port = await listen(mirrorServer);
  try {
    const mirror = await Mirror.open(join(tempDir(), 'm.git'));
    await assert.rejects(mirror.fetch(`http://127.0.0.1:${port}/peer.git`, undefined, 10_000));
    assert.deepEqual(hits, [], 'the redirect target was contacted');
  } finally {
    mirrorServer.close();
    elsewhere.close();
  }
});
