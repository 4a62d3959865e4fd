// Every flag of every command says what it does, and what it is when not given.
import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './command-list.ts';

/** The command and its subcommands (`keys create`, ...), each with its full name. */
function* withSubcommands(command: Command, name: string): Generator<[string, Command]> {
  yield [name, command];
  for (const sub of command.commands) yield* withSubcommands(sub, `${name} ${sub.name()}`);
}

/** A flag that takes a value states its default (or that it is required); a switch is off (`--no-x`: on) unless given. */
const statesDefault = (option: Option) =>
  option.isBoolean() || option.negate || option.defaultValue !== undefined || /\b(default|required)\b/.test(option.description);

describe.each(Object.entries(COMMANDS))('flashlight %s', (name, { description, load }) => {
  it('describes every flag, with its default', async () => {
    expect(description).not.toBe('');
    const command = new Command(name);
    (await load()).defineCommand(command);
    for (const [fullName, each] of withSubcommands(command, name)) {
      for (const option of each.options) {
        expect(option.description, `${fullName} ${option.flags}`).not.toBe('');
        expect(statesDefault(option), `${fullName} ${option.flags}: ${option.description}`).toBe(true);
      }
    }
  });
});
