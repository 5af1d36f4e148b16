// Preloaded into each hook process of a storm: prints how long the process ran, by its own clock.
process.on('exit', () => process.stderr.write(`br-uptime-ms=${Math.round(process.uptime() * 1000)}\n`));
