#!/usr/bin/env node
/**
 * The `ear2face` command. Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted (Ctrl-C;
 * training saves a checkpoint first). Each command's module is loaded only when it runs, so
 * `ear2face --help` answers at once.
 */
import { UsageError } from './args';

const usage = `usage: ear2face <command> [options]

commands:
  train      train the Ear2Face generator on a paired dataset; writes checkpoints, metrics, sample grids, final.json
  evaluate   score a checkpoint on held-out people: PSNR, SSIM, Rank-1/5/10, TAR@FAR, EER
  sample     generate faces from ear pictures with a checkpoint or a generator file
  export     write a run's generator alone to a small float16 .e2g file
  results    the reference experiment: benchmark, ablation sweep, baselines, results table
  sweep      run a grid or random search of training settings, one run folder per trial
  bench      time training steps on this machine (and PyTorch CPU beside it)
  data       dataset tools: 'data synthetic' writes the synthetic paired ear→face benchmark

Run 'ear2face <command> --help' for the options of a command.
Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted.`;

/** The commands by name, each loaded on first use. */
const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  train: async () => (await import('./train_command')).trainCommand,
  evaluate: async () => (await import('./evaluate_command')).evaluateCommand,
  sample: async () => (await import('./sample_command')).sampleCommand,
  export: async () => (await import('./export_command')).exportCommand,
  results: async () => (await import('./results_command')).resultsCommand,
  sweep: async () => (await import('./sweep_command')).sweepCommand,
  bench: async () => (await import('./bench_command')).benchCommand,
  data: async () => (await import('./data_command')).dataCommand,
};

/**
 * Runs the command line `argv` (without node and the script) and returns the exit code; errors
 * are printed, never thrown.
 *
 * @example
 * process.exitCode = await main(['evaluate', '--run', 'runs/demo']);
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      console.log(usage);
      return command === undefined ? 2 : 0;
    }
    const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (load === undefined) throw new UsageError(`ear2face: unknown command ${JSON.stringify(command)}\n\n${usage}`);
    return await (await load())(rest);
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
