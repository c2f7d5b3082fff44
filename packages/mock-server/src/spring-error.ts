/** The error body Daji's Spring Boot front returns with HTTP 4xx (reference §3.2), e.g. for a bad signature. */
export interface SpringErrorBody {
  timestamp: string;
  status: number;
  error: string;
  message: string;
  path: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** Spring prints the timestamp as ISO-8601 with an explicit offset, e.g. `2024-08-21T07:34:17.972+00:00`. */
export function springError(
  status: number,
  message: string,
  path: string,
  now = new Date(),
): SpringErrorBody {
  return {
    timestamp: now.toISOString().replace('Z', '+00:00'),
    status,
    error: REASONS[status] ?? 'Error',
    message,
    path,
  };
}
