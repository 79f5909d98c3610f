/** Stands in for webextension-polyfill in the preview page, which is not an extension page. */
export default {
  runtime: {
    connect() {
      throw new Error("The preview has no background.");
    },
  },
  permissions: {
    request: async () => true,
  },
};
