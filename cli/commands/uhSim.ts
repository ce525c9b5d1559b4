import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { latencyOption, lossOption, pathOption, portOption, scaleOption, type Scale } from '../options';
import { startUhSimulator } from '../../uh-simulator/startUhSimulator';

export function registerUhSim(program: Command, env: CliEnv): void {
  program
    .command('uh-sim')
    .description('run the UH simulator alone: SQL Server wire protocol (TDS 7.4) over SQLite')
    .option('--port <port>', 'TCP port (0 = any free port)', portOption, 1433)
    .option(
      '--db <file>',
      'SQLite database file (reused if it exists; a temporary one when absent)',
      pathOption,
    )
    .option(
      '--seed <scale>',
      'load the synthetic UH seed into an empty database: tiny, small or large',
      scaleOption,
    )
    .option(
      '--uh-latency <ms>',
      'what the VPN does: delay added each way to every byte on the socket (or UH_LATENCY_MS)',
      latencyOption,
      env.uhLatencyMs,
    )
    .option(
      '--uh-loss <percent>',
      'what the VPN does: percent of segments lost and retransmitted 200 ms later (or UH_LOSS_PERCENT)',
      lossOption,
      env.uhLossPercent,
    )
    .action(async (opts: { port: number; db?: string; seed?: Scale; uhLatency: number; uhLoss: number }) => {
      const simulator = await startUhSimulator({
        port: opts.port,
        file: opts.db,
        seed: opts.seed,
        latencyMs: opts.uhLatency,
        lossPercent: opts.uhLoss,
      });
      const vpn =
        opts.uhLatency > 0 || opts.uhLoss > 0
          ? ` behind a VPN link (${opts.uhLatency} ms each way, ${opts.uhLoss}% of segments retransmitted)`
          : '';
      process.stdout.write(`UH simulator listening on ${simulator.host}:${simulator.port}${vpn}\n`);
      process.stdout.write(`MSSQL_URL=${simulator.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void simulator.close().then(resolve, resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
