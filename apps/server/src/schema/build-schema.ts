/** Builds the executable schema from the resolver classes (type-graphql is the single source of the SDL). */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { authChecker } from '../auth/auth-checker.js';
import { ArchitectureResolver } from '../resolvers/architecture.resolver.js';
import { DatasetResolver } from '../resolvers/dataset.resolver.js';
import { InversionResolver } from '../resolvers/inversion.resolver.js';
import { JobResolver } from '../resolvers/job.resolver.js';
import { MatrixSignificanceResolver } from '../resolvers/matrix-significance.resolver.js';
import { ModelResolver } from '../resolvers/model.resolver.js';
import { RobustAccuracyResolver } from '../resolvers/robust-accuracy.resolver.js';
import { SimilarityMatrixResolver } from '../resolvers/similarity-matrix.resolver.js';
import { SimilarityResultResolver } from '../resolvers/similarity-result.resolver.js';
import { StudyResolver } from '../resolvers/study.resolver.js';
import { StudyStatisticsResolver } from '../resolvers/study-statistics.resolver.js';
import { TokenResolver } from '../resolvers/token.resolver.js';
import { TrendResolver } from '../resolvers/trend.resolver.js';
import { schemaDirectives } from './cache-control.directive.js';

export const resolvers = [
  ArchitectureResolver,
  DatasetResolver,
  InversionResolver,
  JobResolver,
  MatrixSignificanceResolver,
  ModelResolver,
  RobustAccuracyResolver,
  SimilarityMatrixResolver,
  SimilarityResultResolver,
  StudyResolver,
  StudyStatisticsResolver,
  TokenResolver,
  TrendResolver,
] as const;

export function buildSimLabSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    pubSub,
    directives: schemaDirectives,
    validate: { forbidUnknownValues: false },
  });
}
