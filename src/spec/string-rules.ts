// The string rules fields are checked against: names, hosts, labels, images.
import { LIMITS } from './limits';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_NAME, MAX_LABEL_LENGTH, MAX_SUBDOMAIN_LENGTH } from './names';

export const LABEL = {
  pattern: DNS1123_LABEL,
  patternText: 'a DNS-1123 label (lower-case letters, digits and "-", starting and ending alphanumeric)',
  maxLength: MAX_LABEL_LENGTH,
};
export const SUBDOMAIN = {
  pattern: DNS1123_SUBDOMAIN,
  patternText: 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
  maxLength: MAX_SUBDOMAIN_LENGTH,
};
export const HOSTNAME = { pattern: DNS1123_SUBDOMAIN, patternText: 'a lower-case DNS host name', maxLength: MAX_SUBDOMAIN_LENGTH };
export const INGRESS_HOST = {
  pattern: /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  patternText: 'a lower-case DNS host name, optionally starting with "*."',
  maxLength: MAX_SUBDOMAIN_LENGTH,
};
export const ROLE = {
  pattern: LABEL_NAME,
  patternText: 'a label name (letters, digits, "-", "_", "."; alphanumeric at both ends)',
  maxLength: MAX_LABEL_LENGTH,
};
export const GPU_NAME = {
  pattern: /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?(\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/,
  patternText: 'a device name such as "nvidia.com/AD102GL_L40S"',
  maxLength: LIMITS.keyLength,
};
export const IMAGE = { pattern: /^\S+$/, patternText: 'an image reference' };
export const MAX_UNHEALTHY = { pattern: /^(?:\d+|\d+%)$/, patternText: 'a count or a percentage such as "40%"', maxLength: LIMITS.scalarTextLength };
export const INSTANCE_TYPE = {
  pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
  patternText: 'an instance type name such as "u1.medium"',
  maxLength: MAX_SUBDOMAIN_LENGTH,
};
