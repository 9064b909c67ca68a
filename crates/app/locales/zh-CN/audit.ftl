# 审计日志：内容已被抹除的记录（客户离场后的数据删除）。
audit-redacted = 已于 { $date } 抹除内容（{ $reason }）
audit-redacted-note = 此记录中的个人数据已被抹除；其 SHA-256 摘要使哈希链仍可校验。
