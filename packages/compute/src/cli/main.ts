#!/usr/bin/env node
/**
 * `simlab`: the compute core from the command line. Each subcommand lives in its own file and exports
 * `{ summary, usage, run(argv) }`; this file only dispatches and turns typed errors into one clear line.
 */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { SimLabError } from '../errors.js';
import { ckaCommand } from './cka-command.js';
import type { Command } from './command.js';
import { invertCommand } from './invert-command.js';
import { stirCommand } from './stir-command.js';
import { studyCommand } from './study-command.js';
import { zooCommand } from './zoo-command.js';

const commands: Record<string, Command> = {
  cka: ckaCommand,
  invert: invertCommand,
  zoo: zooCommand,
  study: studyCommand,
  stir: stirCommand,
};

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: simlab <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nsimlab <command> --help shows a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`simlab: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof SimLabError) {
      console.error(`simlab ${name}: ${error.code}: ${error.message}`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`simlab ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
