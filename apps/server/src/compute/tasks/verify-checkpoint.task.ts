/** Loads a model directory with every check compute makes (hash, card, shapes) and describes it. */
import { CheckpointInvalidError, initBackend, loadStudyModels, type ModelCard } from '@simlab/compute';

export interface VerifiedModel {
  weightsHash: string;
  card: ModelCard | null;
  inputShape: number[];
  classes: number;
}

export interface VerifyCheckpointInput {
  dir: string;
  architectureId: string;
  norm: 'l2' | 'linf' | null;
  eps: number;
}

export async function verifyCheckpointTask(input: VerifyCheckpointInput): Promise<VerifiedModel> {
  await initBackend();
  // loadStudyModels verifies a SimLab checkpoint against its card, or hashes a plain TF.js export's shards.
  const [loaded] = await loadStudyModels([
    {
      id: 'import',
      dir: input.dir,
      architecture: input.architectureId,
      eps: input.eps,
      norm: input.norm ?? 'l2',
    },
  ]);
  const { model, card, weightsHash } = loaded!;
  try {
    if (card && card.architectureId !== input.architectureId) {
      throw new CheckpointInvalidError(
        `the checkpoint holds a ${card.architectureId} model, not the declared ${input.architectureId}`,
      );
    }
    const inputShape = model.inputs[0]?.shape.slice(1);
    const classes = model.outputs[0]?.shape[1];
    if (
      inputShape?.length !== 3 ||
      typeof classes !== 'number' ||
      inputShape.some((d) => typeof d !== 'number')
    ) {
      throw new CheckpointInvalidError('the model does not map images [n, h, w, c] to logits [n, classes]');
    }
    return { weightsHash, card: card ?? null, inputShape: inputShape as number[], classes };
  } finally {
    model.dispose();
  }
}
