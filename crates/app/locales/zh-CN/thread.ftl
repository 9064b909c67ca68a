# 投诉的对话（会话记录）：员工页面、客户的对话页面、回复邮件。
thr-title = 对话
thr-internal = 内部备注
thr-pruned = 此消息的内容已删除（保留期满或客户数据已被删除），仅保留投递记录。
thr-html-as-text = 此邮件另含 HTML 部分；已保存，此处仅以纯文本显示。
thr-open-message = 查看发出的消息
thr-reply-label = 回复客户
thr-internal-check = 内部备注（不发送给客户）
thr-reply-hint = 回复将通过电子邮件发送给客户，附带投诉编号和其对话页面的链接。
thr-send = 发送
thr-link = 客户对话页面的链接
thr-make-link = 生成可转交的对话链接
thr-who-customer = 客户
thr-who-system = 自动发送
thr-via-web-form = 网页表单
thr-via-email = 电子邮件
thr-via-phone = 电话
thr-via-chat = 聊天
thr-via-in-person = 当面
thr-via-api = API
thr-via-post = 邮寄
thr-via-public = 对话页面
thr-via-page = 员工页面
thr-you = 您
thr-who-team = 客户服务
thr-public-title = 您的投诉
thr-reference = 编号
thr-public-sent = 谢谢，我们已收到您的消息。
thr-public-follow = 您可以在投诉页面跟进进展并给我们留言（请保存此链接）：
thr-public-reply = 给我们留言
cmp-message-complaint-reply = 回复
actor-customer-public = 客户（对话页面）
actor-customer-email = 客户（电子邮件）
msg-message-title = 发出的消息
msg-col-subject = 主题
msg-open = 打开
msg-history = 投递记录
complaint-reply-subject = 回复：{ $subject } { $tag }
complaint-reply-body = 尊敬的 { $name }：

    { $body }

    { $agent }

    您可以直接回复此邮件，或在您的投诉页面给我们留言：{ $link }
    编号：{ $reference }
