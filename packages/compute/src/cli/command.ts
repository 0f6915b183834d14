/** The shape every `simlab` subcommand exports. */
export interface Command {
  /** One line for `simlab --help`. */
  summary: string;
  /** Full option list, printed by `simlab <command> --help` and after a parse error. */
  usage: string;
  run(argv: string[]): Promise<void>;
}
