import { hostRewriter, kubeName } from '../../lib/model/names';

describe('names', () => {
  test('compose names become DNS names with _ → -', () => {
    expect(kubeName('crunchbase_api')).toBe('crunchbase-api');
    expect(kubeName('celery-worker')).toBe('celery-worker');
  });

  test('host names in URLs and host:port values are rewritten, other words are not', () => {
    const rewrite = hostRewriter(['crunchbase_api', 'tracxn_api', 'redis', 'celery_beat']);
    expect(rewrite('http://crunchbase_api:8003')).toBe('http://crunchbase-api:8003');
    expect(rewrite('http://tracxn_api:8008/search')).toBe('http://tracxn-api:8008/search');
    expect(rewrite('amqp://user@celery_beat:5672')).toBe('amqp://user@celery-beat:5672');
    expect(rewrite('tracxn_api:8008')).toBe('tracxn-api:8008');
    expect(rewrite('tracxn_api')).toBe('tracxn-api');
    expect(rewrite('redis://redis:6379/0')).toBe('redis://redis:6379/0');
    expect(rewrite('use_tracxn_api_v2')).toBe('use_tracxn_api_v2');
    expect(rewrite('my_tracxn_api:1')).toBe('my_tracxn_api:1');
  });

  test('the longest matching name wins', () => {
    expect(hostRewriter(['my_api', 'my_api_v2'])('http://my_api_v2:80')).toBe('http://my-api-v2:80');
  });
});
