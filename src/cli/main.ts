#!/usr/bin/env node
/** The `ear2face` command. Exit codes: 0 ok, 1 failure, 2 usage error. */
import { UsageError } from './args';
import { trainCommand } from './train_command';
import { dataCommand } from './data_command';

const usage = `usage: ear2face <command> [options]

commands:
  train     train on built-in generated ear→face pairs; writes checkpoints and a sample grid
  data      dataset tools: 'data synthetic' writes the synthetic paired ear→face benchmark

Run 'ear2face <command> --help' for the options of a command.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'train':
        return await trainCommand(rest);
      case 'data':
        return await dataCommand(rest);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`ear2face: unknown command ${JSON.stringify(command)}\n\n${usage}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      return 2;
    }
    console.error(`ear2face ${command}: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
