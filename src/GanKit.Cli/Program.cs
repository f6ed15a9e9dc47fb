using GanKit.Cli.Cli;

return await CliApp.RunAsync(args);
