## 消息设置页上的 IMAP 收信卡片
imap-title = 收件邮件（IMAP）
imap-off = 未启用：在 [inbound] 设置中填写 imap_host，即可从邮箱收取客户回复。
imap-server = 服务器
imap-mailbox = 邮箱文件夹
imap-processed = 已处理的邮件
imap-processed-seen = 标记为已读
imap-processed-move = 移至 { $folder }
imap-interval = 检查频率
imap-every = 每 { $n } 秒
imap-last = 上次检查
imap-never = 尚未检查
imap-taken = 收取 { $taken } 封，搁置 { $skipped } 封（已在邮箱中加旗标）
imap-last-ok = 上次成功检查
imap-failing = 失败
