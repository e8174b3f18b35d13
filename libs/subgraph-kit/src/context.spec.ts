import { createContainer } from './context';

class ApplicationResolver {
  readonly name = 'application';
}
class ReviewResolver {
  readonly name = 'review';
}
class UnregisteredResolver {}
class SpecialApplicationResolver extends ApplicationResolver {}

describe('createContainer', () => {
  it('returns the instance registered for each class', () => {
    const application = new ApplicationResolver();
    const review = new ReviewResolver();
    const container = createContainer([application, review]);
    expect(container.get(ApplicationResolver)).toBe(application);
    expect(container.get(ReviewResolver)).toBe(review);
  });

  it('throws, naming the class, when nothing is registered for it', () => {
    const container = createContainer([new ApplicationResolver()]);
    expect(() => container.get(UnregisteredResolver)).toThrow('no instance registered for UnregisteredResolver');
  });

  it('resolves by exact class, not by a parent class', () => {
    const container = createContainer([new SpecialApplicationResolver()]);
    expect(() => container.get(ApplicationResolver)).toThrow('no instance registered for ApplicationResolver');
  });
});
