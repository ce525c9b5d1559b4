import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_VARIABLES } from '../core/envVariables';
import { GATE_THRESHOLD_KEYS, GATE_THRESHOLD_SPECS } from '../migration/gates/gateThresholds';
import { generateUhSeed } from '../uh-simulator/seed/generateUhSeed';

// The README is the newcomer's manual: keep it true to the code.
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('README', () => {
  it('gives the two quick-start command lines', () => {
    expect(readme).toContain('```sh\nnpm install && npm start\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
    expect(pkg.scripts.start).toBe('node --max-semi-space-size=32 bin/housing.cjs start');
  });

  it.each(ENV_VARIABLES.map((v) => [v.name]))('documents the environment variable %s', (name) => {
    expect(readme).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|`));
  });

  it.each(GATE_THRESHOLD_KEYS.map((key) => [key]))('lists the gate threshold %s with its default', (key) => {
    expect(readme).toMatch(
      new RegExp(`\\|\\s*\`${key}\`\\s*\\|\\s*${GATE_THRESHOLD_SPECS[key].default}\\s*\\|`),
    );
  });
  it('fits a terminal: no line wider than 120 characters', () => {
    const wide = readme.split('\n').flatMap((line, i) => (line.length > 120 ? [`${i + 1}: ${line}`] : []));
    expect(wide).toEqual([]);
  });

  it('states the Node.js versions: supported as package.json says, and the one tested', () => {
    const engines = (pkg as unknown as { engines: { node: string } }).engines.node;
    expect(engines).toBe('>=20');
    expect(readme.replace(/\s+/g, ' ')).toContain(
      'Node.js 20 or newer (`engines`: `>=20`); tested on Node.js 20',
    );
  });

  it('counts the seeded fault kinds as the seed manifest does', () => {
    const kinds = Object.keys(generateUhSeed('tiny').manifest.faults).length;
    expect(readme.replace(/\s+/g, ' ')).toContain(`plants ${kinds} kinds of the data-quality faults`);
  });
});
