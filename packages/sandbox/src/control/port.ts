// A busy port, said in one line: which port, and what holds it when the holder answers as a sandbox.

/** "Port 4022 on 127.0.0.1 is in use (by another echo-sandbox ...)": asks the port once, briefly. */
export async function portInUseMessage(title: string, host: string, port: number): Promise<string> {
  const where = host.includes(':') ? `[${host}]` : host;
  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : where;
  let holder = 'another process';
  try {
    const response = await fetch(`http://${probeHost}:${port}/__sandbox/clock`, { signal: AbortSignal.timeout(1000) });
    const text = await response.text();
    if (/x-sandbox-admin-token|"now"/i.test(text)) holder = 'another echo-sandbox (stop it, or pick a port with --port)';
  } catch {
    // not HTTP, or not answering: the port's holder stays unnamed
  }
  return `${title} sandbox: port ${port} on ${host} is already in use by ${holder}`;
}
