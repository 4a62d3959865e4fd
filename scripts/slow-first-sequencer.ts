// The suite's order: files that start servers, engines and browsers (*.e2e, *.int) before
// unit tests. Vitest alone orders a fresh checkout by file size, so a short file with a long
// run (an isolation matrix, a demo) could start last and run alone at the end while three
// workers sit idle; quick unit files are what best fills the last minutes.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const rank = (file: string): number => (file.includes('.e2e.test.') ? 0 : file.includes('.int.test.') ? 1 : 2);

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: within a rank, vitest's own order (its timings when cached) holds.
    return sorted.sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
  }
}
