import { randomInt } from 'node:crypto';

// Short, common, unmistakable words; 32 x 32 phrases are plenty to tell two mails apart.
const ADJECTIVES = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'cosy', 'crisp', 'eager', 'fair', 'gentle', 'golden', 'happy', 'honest', 'jolly', 'kind',
  'lively', 'lucky', 'merry', 'mighty', 'noble', 'proud', 'quick', 'quiet', 'rapid', 'silver', 'steady', 'sunny', 'swift', 'tidy', 'warm', 'wise',
];
const NOUNS = [
  'badger', 'beaver', 'bison', 'camel', 'otter', 'eagle', 'falcon', 'ferret', 'gecko', 'heron', 'koala', 'lemur', 'lion', 'llama', 'lynx', 'moose',
  'owl', 'panda', 'parrot', 'pelican', 'penguin', 'puffin', 'rabbit', 'raven', 'salmon', 'seal', 'swan', 'tiger', 'turtle', 'walrus', 'whale', 'zebra',
];

/**
 * A random two-word phrase (`brave otter`) shown on the page and in the mail, so a person can
 * check that the mail belongs to the sign-in in front of them and not to one someone else started.
 */
export function newSecurityPhrase(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]} ${NOUNS[randomInt(NOUNS.length)]}`;
}
