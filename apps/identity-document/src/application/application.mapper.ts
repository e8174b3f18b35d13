import type { ApplicationRecord } from './application.entity';
import { Application, ApplicationChannel, ApplicationStatus } from './application.type';

export function toApplication(record: ApplicationRecord, mobileNumber: string): Application {
  return Object.assign(new Application(), {
    id: record.id,
    status: ApplicationStatus[record.status],
    channel: ApplicationChannel[record.channel],
    mobileNumber,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
}
