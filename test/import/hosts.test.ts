import { hostMentions, isOutsideHostName, mentionPort } from '../../lib/import/hosts';

describe('hosts named in configuration values', () => {
  test('URLs name their host and port, with userinfo and several hosts', () => {
    expect(hostMentions('DATABASE_URL', 'postgres://app:pw@db:5432/app')).toEqual([{ host: 'db', port: 5432, scheme: 'postgres' }]);
    expect(hostMentions('MONGO_URL', 'mongodb://m1:27017,m2/app?replicaSet=rs0').map((m) => m.host)).toEqual(['m1', 'm2']);
  });

  test('a scheme without a port means its default port', () => {
    expect(hostMentions('CACHE', 'redis://cache/0').map(mentionPort)).toEqual([6379]);
    expect(hostMentions('API', 'https://api.example.com/v1').map(mentionPort)).toEqual([443]);
  });

  test('host:port pairs and host-valued variables name hosts', () => {
    expect(hostMentions('KAFKA_BOOTSTRAP', 'kafka:9092,kafka2:9092').map((m) => m.host)).toEqual(['kafka', 'kafka2']);
    expect(hostMentions('DB_HOST', 'db')).toEqual([{ host: 'db' }]);
  });

  test('a value that merely equals a service name names nothing', () => {
    expect(hostMentions('POSTGRES_DB', 'db')).toEqual([]);
    expect(hostMentions('GREETING', 'hello world')).toEqual([]);
  });

  test('outside host names have a dot and are not addresses', () => {
    expect(isOutsideHostName('api.openai.com')).toBe(true);
    expect(isOutsideHostName('10.0.0.1')).toBe(false);
    expect(isOutsideHostName('db')).toBe(false);
  });
});

test('a URL quoted in a configuration file ends at its quote or bracket', () => {
  expect(hostMentions('', '{"url": "http://symbols:3021"}')).toEqual([{ host: 'symbols', port: 3021, scheme: 'http' }]);
  expect(hostMentions('', "url = 'redis://cache:6380/0'")).toEqual([{ host: 'cache', port: 6380, scheme: 'redis' }]);
  expect(hostMentions('', '<url>http://web:8080</url>')).toEqual([{ host: 'web', port: 8080, scheme: 'http' }]);
});
