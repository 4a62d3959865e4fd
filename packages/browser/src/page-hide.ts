// Calls back when the page may be going away: hidden (tab or app switch, navigation) or
// pagehide. Mobile browsers may discard a hidden page without another event, so hidden is
// the last reliable moment to send.

export function onPageHide(callback: () => void): () => void {
  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') callback();
  };
  document.addEventListener('visibilitychange', onVisibilityChange);
  addEventListener('pagehide', callback);
  return () => {
    document.removeEventListener('visibilitychange', onVisibilityChange);
    removeEventListener('pagehide', callback);
  };
}
