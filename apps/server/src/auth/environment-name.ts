// Environment names appear in URLs, logs and the UI: short, printable, no surprises.
import { z } from 'zod';

export const EnvironmentNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'an environment name is 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit');
