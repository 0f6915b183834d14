import { Field, Float, ID, ObjectType } from 'type-graphql';
import { ArchitectureTrend } from './architecture-trend.type.js';
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
      'Spearman of eps with row means, all models; null with < 3 models, one eps, or both L2 and Linf.',
  })
  rowSpearman!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Spearman of eps with column means, all models (null as for rowSpearman).',
  })
  columnSpearman!: number | null;

  @Field(() => [ArchitectureTrend])
  architectures!: ArchitectureTrend[];
}
