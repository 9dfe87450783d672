import { createInterface } from 'node:readline';
import { isValidEmail, normalizeEmail } from '../../spi/email';

/** How many times the console asks before giving up. */
const ATTEMPTS = 3;
const PROMPT = 'Email address of the first Flowgate administrator (empty to skip): ';

/**
 * Asks on the terminal for the first administrator's email address (up to three tries); an empty
 * answer, end of input or three invalid ones give undefined. Only for a terminal: with stdin a
 * pipe or /dev/null, a service must not wait on a question nobody sees.
 */
export async function askAdminEmail(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<string | undefined> {
  // Lines are read in turn from the interface's iterator, which buffers them: answers typed (or
  // pasted) ahead of a prompt are not lost.
  const rl = createInterface({ input, terminal: false });
  try {
    let attempt = 0;
    output.write(PROMPT);
    for await (const line of rl) {
      const email = normalizeEmail(line);
      if (email === '') return undefined;
      if (isValidEmail(email)) return email;
      output.write(`"${line.trim().slice(0, 100)}" is not an email address.\n`);
      if (++attempt >= ATTEMPTS) return undefined;
      output.write(PROMPT);
    }
    return undefined;
  } finally {
    rl.close();
  }
}
