// An S3-compatible stand-in (s3rver, pure JS) in its own process, so that the memory a test measures is
// the application's alone. argv: <directory> <port|0> <bucket>. Prints `listening <port>` when ready.
import { unlink } from 'node:fs/promises';
import S3rver from 's3rver';
import FilesystemStore from 's3rver/lib/stores/filesystem.js';

// s3rver removes a key's directories once they are empty after a delete. Between a put's mkdir and its
// file's open, a concurrent delete in the same "directory" (the blob store's `tmp/` objects, under load)
// removed it, the put's write stream failed with ENOENT and, having no error listener, ended the server.
// A real S3 has no directories: keep them.
FilesystemStore.prototype.deleteObject = async function deleteObject(bucket, key) {
  await Promise.all(
    ['object', 'object.md5', 'metadata.json'].map((type) =>
      unlink(this.getResourcePath(bucket, key, type)).catch((err) => {
        if (err.code !== 'ENOENT') throw err;
      }),
    ),
  );
};

const [directory, port, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket }],
});
const { port: actual } = await server.run();
process.stdout.write(`listening ${actual}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
