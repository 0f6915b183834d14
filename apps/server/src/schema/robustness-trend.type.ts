import { Field, Float, ID, ObjectType } from 'type-graphql';
import { ArchitectureTrend } from './architecture-trend.type.js';
import { TrendCorrelation } from './trend-correlation.type.js';
import { TrendPoint } from './trend-point.type.js';

/** Robustness against similarity for every model of a finished matrix (SPEC §6), summarised by rank correlations. */
@ObjectType()
export class RobustnessTrend {
  @Field(() => ID)
  matrixId!: string;

  @Field(() => [TrendPoint])
  points!: TrendPoint[];

  @Field(() => Float, {
    nullable: true,
    description:
      'Spearman of eps with row means, all models; null with < 3 models or one eps. With robust models of both ' +
      "L2 and Linf, the first norm's (each norm's is in correlations).",
  })
  rowSpearman!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Spearman of eps with column means, all models (null as for rowSpearman).',
  })
  columnSpearman!: number | null;

  @Field(() => [ArchitectureTrend], {
    deprecationReason:
      'Per-architecture rho is no longer computed (its rho fields are null for new matrices): use the ' +
      'per-architecture slopes of Study.trendAnalysis.tests.',
  })
  architectures!: ArchitectureTrend[];

  @Field(() => [TrendCorrelation], {
    description: 'Every correlation compute found: per measure, group (all, each architecture) and norm.',
  })
  correlations!: TrendCorrelation[];
}
