/**
 * The command a job runs, by Docker's rules as SageMaker applies them: ContainerEntrypoint replaces the
 * image's ENTRYPOINT and drops its CMD; ContainerArguments replace CMD; with neither, ENTRYPOINT + CMD.
 */
export function jobCommand(
  app: { ContainerEntrypoint?: string[]; ContainerArguments?: string[] },
  image: { entrypoint: string[]; cmd: string[] },
): string[] {
  const entrypoint = app.ContainerEntrypoint ?? image.entrypoint;
  const args = app.ContainerArguments ?? (app.ContainerEntrypoint ? [] : image.cmd);
  return [...entrypoint, ...args];
}
