// An S3-compatible stand-in (s3rver, pure JS) in its own process, so that the memory a test measures is
// the application's alone. argv: <directory> <port|0> <bucket>. Prints `listening <port>` when ready.
import S3rver from 's3rver';

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
