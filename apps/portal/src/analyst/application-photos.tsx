import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import { ApplicationImagesDocument, type ApplicationImagesQuery } from '../graphql/generated';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';

type Images = NonNullable<ApplicationImagesQuery['application']>['images'];
const PHOTOS = ['selfie', 'cardPhoto', 'front', 'back'] as const;

/**
 * An application's photos (the selfie, the portrait on the card, both card sides) for the roles the API shows them to;
 * others read that photos are not for their role, and nothing is asked.
 */
export function ApplicationPhotos({ applicationId, allowed }: { applicationId: string; allowed: boolean }) {
  const { t } = useTranslation();
  const call = useApi();
  const [images, setImages] = useState<Images | null>(null);
  const [problems, setProblems] = useState<UserErrorView[]>([]);

  useEffect(() => {
    if (!allowed) return;
    let cancelled = false;
    setImages(null);
    setProblems([]);
    call(ApplicationImagesDocument, { id: applicationId }).then(
      (r) => !cancelled && setImages(r.application?.images ?? null),
      (err: unknown) => !cancelled && setProblems(problemsOf(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [call, applicationId, allowed]);

  if (!allowed) {
    return (
      <p className="muted" data-testid="application-photos" data-allowed="false">
        {t('images.notForRole')}
      </p>
    );
  }
  return (
    <section data-testid="application-photos" data-allowed="true" data-loaded={images ? 'true' : 'false'}>
      <h3>{t('images.title')}</h3>
      <Problems problems={problems} />
      {images && (
        <div className="evidence">
          {PHOTOS.map((name) => (
            <figure key={name} className="evidence-photo" data-photo={name}>
              {images[name] ? (
                <img src={`data:image/jpeg;base64,${images[name]}`} alt={t(`images.${name}`)} />
              ) : (
                <div className="missing">{t('images.none')}</div>
              )}
              <figcaption>{t(`images.${name}`)}</figcaption>
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}
