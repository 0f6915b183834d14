import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../context.js';
import { toJob } from '../db/job.mapper.js';
import { type JobRow, listJobs } from '../db/job.queries.js';
import { Topic } from '../pubsub.js';
import { ConnectionArgs } from '../schema/connection.args.js';
import { toConnection } from '../schema/connection.js';
import { JobConnection } from '../schema/connections.js';
import { JobFilter } from '../schema/filters.input.js';
import { Job } from '../schema/job.type.js';

@Resolver(() => Job)
export class JobResolver {
  @Query(() => JobConnection)
  async jobs(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => JobFilter, { nullable: true }) filter: JobFilter | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await listJobs(ctx.services.db, filter ?? {}, page), toJob);
  }

  @Query(() => Job, { nullable: true })
  async job(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Job | null> {
    const row = await ctx.loaders.job.load(id);
    return row ? toJob(row) : null;
  }

  @Authorized('runner')
  @Mutation(() => Job, { description: 'Stops a queued or running job; its partial results stay stored.' })
  async cancelJob(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Job> {
    return toJob(await ctx.services.queue.cancel(id));
  }

  @Subscription(() => Job, {
    topics: Topic.JobUpdated,
    filter: ({ payload, args }: { payload: JobRow; args: { id?: string | null } }) =>
      !args.id || payload.id === args.id,
    description: 'Every change of one job (id given) or of all jobs, in the order they happened.',
  })
  jobUpdated(@Root() payload: JobRow, @Arg('id', () => ID, { nullable: true }) _id: string | null): Job {
    return toJob(payload);
  }
}
