using GanKit.Cli.Hosting;

return await CliApp.RunAsync(args);
