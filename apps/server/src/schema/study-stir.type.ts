import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { HeadlineBlocks } from './headline-blocks.type.js';
import { MatrixSignificance } from './matrix-significance.type.js';
import { OffDiagonalMeans } from './off-diagonal-means.type.js';
import { ReportCell } from './report-cell.type.js';
import { StirDirection } from './stir-direction.type.js';
import { StirSettings } from './stir-settings.type.js';

/**
 * STIR over the study's models (SPEC §5; Nanda et al. 2022): values[r][c] = STIR(M_c | M_r) =
 * CKA(rep_c(X), rep_c(X'_r)), X the pairs' targets and X'_r inverted from noise through M_r. Not symmetric: the
 * two directions of a pair are S[a][b] and S[b][a]. Rows and columns in the order of the study's models.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class StudyStir {
  @Field(() => StirSettings)
  settings!: StirSettings;

  @Field(() => [[Float]], { nullable: 'items', description: "The matrix metric's values." })
  values!: (number | null)[][];

  @Field(() => [[Float]], {
    nullable: 'itemsAndList',
    description: 'Debiased STIR; null for rbf and minibatch CKA.',
  })
  debiasedValues!: (number | null)[][] | null;

  @Field(() => [ReportCell], {
    description: 'Every cell with its intervals, p-values and marks, row by row.',
  })
  cells!: ReportCell[];

  @Field(() => [StirDirection])
  directions!: StirDirection[];

  @Field(() => OffDiagonalMeans)
  offDiagonalMean!: OffDiagonalMeans;

  @Field(() => HeadlineBlocks, { nullable: true })
  headlines!: HeadlineBlocks | null;

  @Field(() => MatrixSignificance, { nullable: true })
  significance!: MatrixSignificance | null;
}
