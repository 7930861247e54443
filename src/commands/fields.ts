import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { listFields } from '../fields/field-resolver.js';
import { fieldsMarkdown, fieldsText } from '../output/fields-report.js';

export default class Fields extends BaseCommand {
  static override summary = 'List every field usable in conditions and outputs, with its type and description.';
  static override description = `Prints the field catalog (Falco's libsinsp fields and the container plugin's), grouped by
class, with each field's type and description, and whether falco-ts can extract it from a
recording. Fields marked [not supported] parse in rules but are always <NA>.`;

  static override examples = ['<%= config.bin %> fields', '<%= config.bin %> fields --json | jq ".[].name"', '<%= config.bin %> fields --markdown > FIELDS.md'];

  static override flags = {
    json: Flags.boolean({ description: 'print a JSON array of {name, type, description, supported}', exclusive: ['markdown'] }),
    markdown: Flags.boolean({ description: 'print a Markdown table', exclusive: ['json'] }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Fields);
    const fields = listFields();
    if (flags.json) this.printJson(fields);
    else process.stdout.write(flags.markdown ? fieldsMarkdown(fields) : fieldsText(fields));
  }
}
