# 拒绝的原因：由领域代码（err-*）与存储层的拒绝（refusal-*）生成；其中的词语（word-*、table-*）先翻译。

## 无效的值（显示在字段名称旁）
err-required = 为必填项
err-too-long = 超过 { $max } 个字符
err-too-short = 少于 { $min } 个字符
err-too-many = 超过 { $max } 项
err-too-many-bytes = 超过 { $max } 字节
err-year-out-of-range = “{ $value }”的年份不在 { $min } 到 { $max } 之间
err-leap-second = “{ $value }”含有第 60 秒（闰秒）；请使用 :59
err-internal-address = “{ $value }”位于本服务器或其内部网络（回环、私有、链路本地或云元数据地址）；管理员可通过 webhook_allow_hosts 设置允许本地接收端
err-control-characters = 含有控制字符
err-forbidden-characters = “{ $value }”含有不允许的字符（{ $chars }）
err-one-of = “{ $value }”不是以下之一：{ $allowed }
err-malformed = “{ $value }”不是{ $expected }
err-not-a-number = “{ $value }”不是数字
err-not-a-whole-number = “{ $value }”不是整数
err-too-many-decimals = “{ $value }”的小数位超过 { $currency } 的 { $max } 位
err-too-large = “{ $value }”太大
err-out-of-range = { $bounds ->
    [both] 必须在 { $min } 到 { $max } 之间
    [min] 不能小于 { $min }
    [max] 不能大于 { $max }
   *[none] 超出范围
}
err-in-future = 不能是将来的时间
err-earlier-than = 不能早于{ $other }
err-not-later-than = 必须晚于{ $other }
err-later-than = 不能晚于{ $other }
err-not-earlier-than = 必须早于{ $other }
err-no-open-day = 至少需要一个营业日
err-notice-too-short = { $jurisdiction } × { $contract_type } 要求 { $months ->
    [0] { $days } 天
   *[other] { $days ->
        [0] { $months } 个月
       *[other] { $months } 个月零 { $days } 天
    }
}的通知期（{ $basis }）：服务最早只能在 { $earliest } 结束；如需缩短，请提供例外及其法律依据
err-exception-not-needed = 该计划已满足最短通知期，无需例外
err-no-such = 不存在{ $what }“{ $id }”
err-other-customers = 该{ $what }属于另一位客户
err-duplicate = “{ $value }”重复列出
err-duplicate-row = “{ $value }”已出现在第 { $line } 行
err-invalid-attachment = 每个附件都需要名称（最多 255 字节）和不小于零的大小
err-unknown-column = 未知列；应为以下之一：{ $expected }
err-missing-column = 缺少此必需列
err-field-count = 有 { $found } 个字段，表头有 { $expected } 个
err-not-utf8 = 不是有效的 UTF-8；请以 UTF-8 保存文件
err-malformed-csv = 不是格式正确的 CSV（{ $detail }）
err-unreadable-file = 无法读取文件（{ $detail }）
err-empty-file = 文件为空：需要表头行
err-wrong-password = 当前密码不正确
err-passwords-differ = 两次输入的新密码不一致
err-unreadable-body = 无法读取（{ $detail }）
err-not-an-object = 必须是 JSON 对象（{ "{" }…{ "}" }）

## 格式错误的值应为
word-email = 电子邮件地址
word-phone = 电话号码
word-country = ISO 3166-1 国家代码，例如 CN
word-time-zone = IANA 时区，例如 Asia/Shanghai
word-language = 语言标记，例如 en 或 zh-CN
word-currency = 三位字母的货币代码，例如 CNY
word-yes-no = 是或否
word-date = 日期（YYYY-MM-DD）
word-date-time = 日期（YYYY-MM-DD）或 RFC 3339 时间
word-time = 时间，例如 09:00
word-time-range = 时间段，例如 21:00-08:00
word-url = 网址
word-http-url = http(s) 网址
word-jurisdiction = 两位字母的国家代码、EU 或 default
word-slug = 字母、数字和短横线（最多 40 个）
word-name-value-line = 形如 名称 = 值 的一行
word-kind-colon-id = 形如 complaint:ID 的引用

## 记录
word-customer = 客户
word-user = 用户
word-complaint = 投诉
word-interaction = 互动
word-transaction = 交易
word-contract = 合同
word-ledger-entry = 补偿记录
word-offboarding-case = 离别案例
word-hold = 保留期
word-job = 任务
word-message = 消息
word-token = API 令牌
word-contact = 联系人
word-letter = 信函
word-link = 链接
word-notice-rule = 通知期规则
word-task = 任务
word-webhook-endpoint = Webhook 端点
word-prediction-run = 预测运行
word-page = 页面
word-record = 记录

## 保留的表
table-transactions = 交易
table-contracts = 合同
table-ledger_entries = 补偿账簿

## 因当前状态而拒绝
refusal-wrong-state = 无法执行“{ $action }”：该{ $entity }的状态为“{ $status }”{ $count ->
    [0] {""}
   *[other] ；当前允许：{ $allowed }
}
refusal-step-first = { $step }
refusal-already-done = { $what }
refusal-already-exists = 键为“{ $key }”的{ $what }已存在
refusal-changed-meanwhile = 其他人刚刚修改了此内容；请刷新后重试
refusal-held = { $prospective ->
    [yes] 已拒绝：根据法律义务（{ $basis }），{ $tables }须保留至 { $until }；其余个人数据现在即可删除
   *[no] 已拒绝：根据法律义务（{ $basis }），{ $tables }保留至 { $until }，届时将被删除
}
refusal-restricted = 根据法律义务（{ $basis }），该客户的{ $tables }保留至 { $until }，仅合规人员可查看
refusal-before-deletion-date = 删除日期为 { $date }；提前删除须明确申请
refusal-nothing-held = 此案例没有保留的数据；个人数据已被删除
refusal-last-admin = 已拒绝：这是最后一位有效的管理员；请先让另一位用户成为有效的管理员
refusal-four-eyes = 登记补偿的人不能批准或驳回该记录
refusal-not-reversible = 冲销记录不能再被冲销
refusal-total-too-large = 合计金额过大，无法计算；需要更正金额受限之前录入的条目
refusal-escalation-max = 已处于最高升级级别（{ $max }）
refusal-default-rule-protected = default × default 规则可以修改，但不能删除
refusal-no-invoice = 该客户没有可退款的发票
refusal-export-closed = 数据导出期限已结束
refusal-run-in-progress = 已有预测运行正在进行（{ $id }），一次只能运行一个
refusal-content-pruned = 该消息的内容已在保留期满后删除，无法再次发送
refusal-no-fit-reasons = 结束合作至少需要一个“关注”或“严重”级别的原因；请先记录判断
refusal-in-use = 仍有{ $by }引用该客户，因此拒绝；这些记录会保留，并通过离别流程删除
refusal-conflict = 这与现有数据冲突
refusal-not-owner = 此{ $what }属于他人：只有其负责人或经理可以执行此操作

## 须先完成的步骤
word-approve-plan = 请先批准计划，再联系客户
word-contact-customer = 书面通知前须先直接联系：请先记录与客户的电话或会面，再发送信函
word-write-letter = 请先撰写告别信
word-send-letter = 请先发送书面通知，再关闭账户
word-close-account = 请先关闭账户，再删除其数据
word-reopen = 投诉已关闭；请先重新打开
word-judge-reason = 请先记录一个“关注”或“严重”级别的判断

## 已经完成
word-plan-approved = 计划已被批准
word-letter-sent = 信函已发送
word-account-closed = 账户已关闭
word-cancelled = 该案例已取消
word-erased = 个人数据已被删除
word-reversed = 此记录已被冲销
word-survey-answered = 问卷已填写，谢谢
word-satisfaction-answered = 您已经回答过了，谢谢
word-flagged = 该互动已被标记
word-hold-ended = 保留期已结束
word-task-done = 任务已完成
word-revoked = 此令牌已被撤销

## 在任何规则之前拒绝的请求
denied-role = { $role } 角色不能执行此操作
denied-csrf = 表单已过期或并非来自本站；请刷新页面后重试
denied-body-too-large = 请求过大（最多 { $max } 字节）
denied-unreadable-form = 无法读取表单
denied-unreadable-upload = 无法读取上传的文件（{ $detail }）
denied-malformed-request = 无法读取请求（{ $detail }）
denied-method-not-allowed = 此地址不支持该请求方法
denied-unsupported-media-type = 此地址不读取该内容类型（请发送 application/json）
denied-uri-too-long = 地址过长（最多 { $max } 字节）
denied-idempotency-key-invalid = Idempotency-Key 请求头必须是 1 到 255 个可见 ASCII 字符
denied-idempotency-key-reused = 此 Idempotency-Key 已用于另一个请求；新请求请使用新的键
denied-idempotency-in-flight = 使用此 Idempotency-Key 的第一个请求仍在处理中；请稍后再试
not-found = 未找到{ $what }
err-large-amount = { $amount } 超过 { $threshold }（无需二次确认即可登记或批准的最高金额）：请确认
refusal-duplicate-email = 已有使用此电子邮件的客户：{ $name }（{ $id }）
